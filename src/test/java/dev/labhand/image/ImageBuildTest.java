package dev.labhand.image;

import static dev.labhand.support.TestApp.instructor;
import static dev.labhand.support.TestApp.learner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labhand.support.DockerPeer;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import dev.labhand.workspace.ImageEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Course images built, pushed and removed through the gateway on the real engine, from the offline busybox base,
 * and pushed to the real htpasswd registry scripts/peers.sh runs on 127.0.0.1:5056.
 */
final class ImageBuildTest {
    private static final Caller INES = instructor("ines");
    private static final String RUN = "r" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static final Map<String, String> GOOD_ENV = Map.of("LH_REG_USER", ImageToolsBed.USER,
            "LH_REG_PASSWORD", ImageToolsBed.PASSWORD);

    @TempDir
    Path dir;

    private final List<String> made = new ArrayList<>();
    private ImageToolsBed bed;

    @AfterEach
    void stop() {
        if (bed != null) bed.close();
        made.forEach(DockerPeer::removeImage);
    }

    private ImageToolsBed bed(Map<String, String> env) {
        bed = new ImageToolsBed(dir, env, ImageToolsBed.plainRegistry("class"));
        return bed;
    }

    private Outcome call(Caller who, String tool, Map<String, String> args) {
        return bed.wiring.gateway.invoke(who, tool, args, Origin.CONSOLE);
    }

    private ImageEngine engine() {
        return bed.wiring.docker.imageOps();
    }

    private String build(String greeting, String level, String tag) {
        String ref = "labhand-test/course-busybox:" + tag;
        made.add(ref);
        Outcome o = call(INES, "image.build", Map.of("name", "busybox-args", "args", "GREETING=" + greeting + " LEVEL=" + level,
                "tag", tag));
        assertThat(o).as(o.toString()).isInstanceOf(Outcome.Done.class);
        return ref;
    }

    @Test
    void should_build_with_two_build_args_into_labels_env_and_layers() {
        bed(GOOD_ENV);
        List<String> progress = new CopyOnWriteArrayList<>();
        String ref = "labhand-test/course-busybox:" + RUN;
        made.add(ref);

        Outcome o = bed.wiring.gateway.invoke(INES, "image.build", Map.of("name", "busybox-args",
                "args", "GREETING=salut LEVEL=7", "tag", RUN), Origin.CONSOLE, progress::add);

        assertThat(o).as(o.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) o).command())
                .isEqualTo("docker build --build-arg GREETING=salut --build-arg LEVEL=7 -t " + ref + " .");
        assertThat(((Outcome.Done) o).text()).startsWith("Built " + ref + " on local");
        var image = engine().inspect(ref).orElseThrow();
        assertThat(image.labels()).containsEntry("course.greeting", "salut").containsEntry("course.level", "7")
                .containsEntry(ImageService.LABEL, "busybox-args");
        assertThat(image.env()).contains("GREETING=salut", "LEVEL=7");
        int baseLayers = engine().inspect(DockerPeer.TEST_IMAGE).orElseThrow().layers();
        assertThat(image.layers()).isEqualTo(baseLayers + 2);   // COPY and RUN add layers; LABEL and ENV do not
        assertThat(progress.get(0)).isEqualTo("building " + ref + " on local");
        assertThat(progress).anyMatch(p -> p.startsWith("Step 1/"));
        // what the RUN step wrote, read back from a container of the image
        Outcome history = call(learner("alice"), "image.history", Map.of("image", ref));
        assertThat(((Outcome.Done) history).text()).contains(ref).contains("RUN echo \"${GREETING} ${LEVEL}\"")
                .contains("COPY");
        assertThat(((Outcome.Done) history).command()).isEqualTo("docker history " + ref);
    }

    @Test
    void should_show_the_failing_step_and_its_last_lines() {
        bed(GOOD_ENV);
        made.add("labhand-test/course-broken:disk");

        Outcome o = call(INES, "image.build", Map.of("name", "busybox-broken"));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        String text = ((Outcome.Failed) o).text();
        assertThat(text).contains("The build of labhand-test/course-broken:disk failed at:")
                .contains("Step 4/6 : RUN echo \"first line of the failing step\"")
                .contains("returned a non-zero code: 3")
                .contains("no space left on disk")
                .doesNotContain("Exception").doesNotContain("never reached").doesNotContain("Running in");
        assertThat(engine().inspect("labhand-test/course-broken:disk")).isEmpty();
    }

    @Test
    void should_refuse_bad_input_and_build_nothing() {
        bed(GOOD_ENV);
        String ref = "labhand-test/course-busybox:" + RUN + "bad";

        assertThat(text(call(INES, "image.build", Map.of("name", "no-such-image"))))
                .contains("There is no course image 'no-such-image'").contains("busybox-args");
        assertThat(text(call(INES, "image.build", Map.of("name", "busybox-args", "args", "COLOUR=red", "tag", RUN + "bad"))))
                .contains("Build arg COLOUR is not declared for busybox-args").contains("GREETING, LEVEL");
        assertThat(text(call(INES, "image.build", Map.of("name", "busybox-args", "args", "LEVEL=12", "tag", RUN + "bad"))))
                .contains("LEVEL=12 is not allowed").contains("1..9");
        assertThat(text(call(INES, "image.build", Map.of("name", "busybox-args", "args", "GREETING=Hi!", "tag", RUN + "bad"))))
                .contains("GREETING=Hi! is not allowed");
        assertThat(call(INES, "image.build", Map.of("name", "busybox-args", "args", "GREETING=a;rm -rf /")))
                .isInstanceOf(Outcome.Invalid.class);
        assertThat(call(INES, "image.build", Map.of("name", "busybox-args", "tag", "x@sha256")))
                .isInstanceOf(Outcome.Invalid.class);
        assertThat(call(learner("alice"), "image.build", Map.of("name", "busybox-args"))).isInstanceOf(Outcome.Denied.class);
        assertThat(call(INES, "image.push", Map.of("image", DockerPeer.TEST_IMAGE + "@sha256:" + "a".repeat(64),
                "registry", "class"))).isInstanceOf(Outcome.Invalid.class);
        assertThat(text(call(INES, "image.push", Map.of("image", DockerPeer.TEST_IMAGE, "registry", "elsewhere"))))
                .contains("There is no registry 'elsewhere'").contains("Configured: class");
        assertThat(engine().inspect(ref)).isEmpty();
    }

    @Test
    void should_push_to_the_authenticated_registry_without_echoing_the_password() throws Exception {
        bed(GOOD_ENV);
        String ref = build("push", "3", RUN);
        String target = ImageToolsBed.AUTH_REGISTRY + "/course/course-busybox:" + RUN;
        made.add(target);

        Outcome o = call(INES, "image.push", Map.of("image", ref, "registry", "class"));

        assertThat(o).as(o.toString()).isInstanceOf(Outcome.Done.class);
        Outcome.Done done = (Outcome.Done) o;
        assertThat(done.text()).contains("Pushed " + ref + " to class as " + target);
        assertThat(done.command()).isEqualTo("echo \"$LH_REG_PASSWORD\" | docker login " + ImageToolsBed.AUTH_REGISTRY
                + " -u \"$LH_REG_USER\" --password-stdin && docker tag " + ref + " " + target + " && docker push " + target);
        assertThat(done.text() + done.command()).doesNotContain(ImageToolsBed.PASSWORD);
        assertThat(tagsInRegistry("course/course-busybox")).contains("\"" + RUN + "\"");
        // pulled back with the same credentials, after the local copy is gone
        DockerPeer.removeImage(target);
        engine().pull(target, new ImageEngine.Login(ImageToolsBed.AUTH_REGISTRY, ImageToolsBed.USER, ImageToolsBed.PASSWORD),
                item -> { });
        assertThat(engine().inspect(target)).isPresent();
    }

    @Test
    void should_refuse_a_wrong_password_clearly_and_push_nothing() throws Exception {
        bed(Map.of("LH_REG_USER", ImageToolsBed.USER, "LH_REG_PASSWORD", "not-the-password"));
        String ref = build("wrong", "4", RUN + "w");

        Outcome o = call(INES, "image.push", Map.of("image", ref, "registry", "class"));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).startsWith("Registry 'class' (" + ImageToolsBed.AUTH_REGISTRY
                + ") refused the login: the user or password/token in LH_REG_USER / LH_REG_PASSWORD is wrong. Nothing was pushed.");
        assertThat(tagsInRegistry("course/course-busybox")).doesNotContain("\"" + RUN + "w\"");
    }

    @Test
    void should_say_which_variables_hold_missing_credentials() {
        bed(Map.of());
        String ref = build("nocreds", "5", RUN + "n");

        Outcome o = call(INES, "image.push", Map.of("image", ref, "registry", "class"));

        assertThat(((Outcome.Failed) o).text()).contains("environment variables LH_REG_USER and LH_REG_PASSWORD");
    }

    @Test
    void should_refuse_removing_an_image_a_workspace_uses_then_remove_an_unused_one() {
        bed(GOOD_ENV);
        Outcome created = call(learner("alice"), "workspace.create", Map.of("template", "busybox-cpu", "name", "img-" + RUN));
        assertThat(created).as(created.toString()).isInstanceOf(Outcome.Done.class);

        Outcome refused = call(INES, "image.remove", Map.of("image", DockerPeer.TEST_IMAGE));

        assertThat(refused).isInstanceOf(Outcome.Denied.class);
        assertThat(text(refused)).contains("is used by workspace(s) img-" + RUN).contains("Nothing was removed");
        assertThat(engine().inspect(DockerPeer.TEST_IMAGE)).isPresent();

        String ref = build("gone", "6", RUN + "g");
        assertThat(call(learner("alice"), "image.remove", Map.of("image", ref))).isInstanceOf(Outcome.Denied.class);
        Outcome asked = call(INES, "image.remove", Map.of("image", ref));
        assertThat(asked).isInstanceOf(Outcome.NeedsConfirmation.class);
        Outcome removed = bed.wiring.gateway.confirm(INES, ((Outcome.NeedsConfirmation) asked).code(), Origin.CONSOLE,
                dev.labhand.tool.Progress.NONE);
        assertThat(removed).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) removed).command()).isEqualTo("docker image rm " + ref);
        assertThat(engine().inspect(ref)).isEmpty();
        assertThat(text(call(INES, "image.remove", Map.of("image", ref)))).contains("There is no image " + ref + " on local");
    }

    @Test
    void should_say_how_much_disk_a_prune_frees_before_asking_to_confirm() {
        bed(GOOD_ENV);
        String ref = build("prune", "1", RUN + "p");
        String firstId = engine().inspect(ref).orElseThrow().id();
        made.add(firstId);
        build("prune", "2", RUN + "p");   // the same tag again: the first image is left dangling

        Outcome learnerAsks = call(learner("alice"), "image.prune", Map.of());
        Outcome asked = call(INES, "image.prune", Map.of());

        assertThat(learnerAsks).isInstanceOf(Outcome.Denied.class);
        assertThat(asked).isInstanceOf(Outcome.NeedsConfirmation.class);
        assertThat(((Outcome.NeedsConfirmation) asked).text()).startsWith("Pruning frees about ").contains(" on local (")
                .contains("unused dangling image(s))").contains("/confirm ");
        bed.wiring.gateway.cancel(INES, ((Outcome.NeedsConfirmation) asked).code(), Origin.CONSOLE);
        assertThat(engine().inspect(firstId)).isPresent();   // nothing pruned without the confirmation
    }

    private static String text(Outcome o) {
        if (o instanceof Outcome.Done d) return d.text();
        if (o instanceof Outcome.Invalid i) return i.text();
        if (o instanceof Outcome.Denied d) return d.text();
        if (o instanceof Outcome.Failed f) return f.text();
        return ((Outcome.NeedsConfirmation) o).text();
    }

    private static String tagsInRegistry(String repository) throws Exception {
        String basic = Base64.getEncoder().encodeToString((ImageToolsBed.USER + ":" + ImageToolsBed.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + ImageToolsBed.AUTH_REGISTRY + "/v2/" + repository + "/tags/list"))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
