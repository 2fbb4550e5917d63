package dev.labhand.image;

import static dev.labhand.support.TestApp.instructor;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.labhand.support.DockerPeer;
import dev.labhand.tool.Origin;
import dev.labhand.tool.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push to an ECR-kind registry: the real aws-sdk-java-v2 ECR client asks a loopback fake of the ECR JSON API
 * for GetAuthorizationToken, and the token it returns logs in to the real htpasswd registry on 127.0.0.1:5056.
 */
final class EcrPushTest {
    private static final String KEY_ID = "AKIALABHANDTEST00001";
    private static final String SECRET_KEY = "labhand-test-secret-key-never-shown";
    private static final String RUN = "e" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    @TempDir
    Path dir;

    private HttpServer ecr;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String tokenUserPassword = ImageToolsBed.USER + ":" + ImageToolsBed.PASSWORD;
    private volatile int status = 200;
    private ImageToolsBed bed;
    private final List<String> made = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        ecr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ecr.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            String body = status == 200
                    ? "{\"authorizationData\":[{\"authorizationToken\":\"" + Base64.getEncoder().encodeToString(
                            tokenUserPassword.getBytes(StandardCharsets.UTF_8)) + "\",\"expiresAt\":1.9E9,"
                            + "\"proxyEndpoint\":\"http://" + ImageToolsBed.AUTH_REGISTRY + "\"}]}"
                    : "{\"__type\":\"UnrecognizedClientException\",\"message\":\"The security token included in the request is invalid.\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        ecr.start();
        String registry = "    - name: ecr-class\n      kind: ecr\n      server: " + ImageToolsBed.AUTH_REGISTRY
                + "\n      namespace: ecr\n      region: eu-west-1\n      endpoint: http://127.0.0.1:" + ecr.getAddress().getPort()
                + "\n      userEnv: LH_AWS_KEY\n      passwordEnv: LH_AWS_SECRET\n";
        bed = new ImageToolsBed(dir, Map.of("LH_AWS_KEY", KEY_ID, "LH_AWS_SECRET", SECRET_KEY), registry);
    }

    @AfterEach
    void stop() {
        bed.close();
        ecr.stop(0);
        made.forEach(DockerPeer::removeImage);
    }

    private String built() {
        String ref = "labhand-test/course-busybox:" + RUN;
        made.add(ref);
        made.add(ImageToolsBed.AUTH_REGISTRY + "/ecr/course-busybox:" + RUN);
        Outcome b = bed.wiring.gateway.invoke(instructor("ines"), "image.build",
                Map.of("name", "busybox-args", "args", "GREETING=ecr", "tag", RUN), Origin.CONSOLE);
        assertThat(b).as(b.toString()).isInstanceOf(Outcome.Done.class);
        return ref;
    }

    @Test
    void should_push_with_the_token_from_get_authorization_token() {
        String ref = built();

        Outcome o = bed.wiring.gateway.invoke(instructor("ines"), "image.push", Map.of("image", ref, "registry", "ecr-class"),
                Origin.CONSOLE);

        assertThat(o).as(o.toString()).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done) o).text()).contains(ImageToolsBed.AUTH_REGISTRY + "/ecr/course-busybox:" + RUN);
        assertThat(((Outcome.Done) o).text() + ((Outcome.Done) o).command()).doesNotContain(SECRET_KEY)
                .doesNotContain(ImageToolsBed.PASSWORD);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).startsWith("POST AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken AWS4-HMAC-SHA256")
                .contains("Credential=" + KEY_ID + "/").contains("/eu-west-1/ecr/aws4_request");
    }

    @Test
    void should_say_clearly_when_ecr_refuses_the_aws_keys() {
        String ref = built();
        status = 400;

        Outcome o = bed.wiring.gateway.invoke(instructor("ines"), "image.push", Map.of("image", ref, "registry", "ecr-class"),
                Origin.CONSOLE);

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).text()).startsWith("Amazon ECR did not give a login token for registry 'ecr-class'")
                .doesNotContain(SECRET_KEY).doesNotContain(KEY_ID);
    }

    @Test
    void should_say_clearly_when_the_token_is_refused_by_the_registry() {
        String ref = built();
        tokenUserPassword = "AWS:expired-token";

        Outcome o = bed.wiring.gateway.invoke(instructor("ines"), "image.push", Map.of("image", ref, "registry", "ecr-class"),
                Origin.CONSOLE);

        assertThat(((Outcome.Failed) o).text()).startsWith("Registry 'ecr-class' (" + ImageToolsBed.AUTH_REGISTRY + ") refused the login")
                .doesNotContain("expired-token");
    }
}
