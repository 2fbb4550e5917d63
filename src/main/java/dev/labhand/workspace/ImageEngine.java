package dev.labhand.workspace;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.ImageHistory;
import com.github.dockerjava.api.model.PruneType;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What one engine does with images beyond pulling: build from a context folder, tag, log in, push, pull with
 * credentials, inspect, history, remove and prune. Like {@link DockerEngine}, it speaks docker-java and returns
 * plain records; it is reached with {@link DockerEngine#imageOps()}.
 */
public final class ImageEngine {
    /** How many lines of a failing step's output a build failure keeps. */
    static final int KEPT_LINES = 12;
    private final DockerClient client;

    ImageEngine(DockerClient client) {
        this.client = client;
    }

    /** Registry credentials for one call; {@code server} is the registry's address ({@code docker.io} for Docker Hub). */
    public record Login(String server, String user, String password) {
        @Override
        public String toString() {
            return "Login[" + server + ", " + user + ", <secret>]";   // never the password, whatever logs it
        }

        AuthConfig auth() {
            return new AuthConfig().withRegistryAddress(server).withUsername(user).withPassword(password);
        }
    }

    /** An image as inspect shows it. */
    public record ImageDetails(String id, List<String> tags, long sizeBytes, Map<String, String> labels, List<String> env,
                               int layers, List<String> usedByContainers) {}

    /** One layer of an image's history: the instruction that made it and what it added. */
    public record Layer(String createdBy, long sizeBytes) {}

    /** A build that stopped at a step: the step, what the engine said, and the step's last lines of output. */
    public static final class BuildFailed extends RuntimeException {
        private final String step;
        private final List<String> lastLines;

        BuildFailed(String step, String message, List<String> lastLines) {
            super(message);
            this.step = step;
            this.lastLines = List.copyOf(lastLines);
        }

        /** The failing step as the engine numbered it ("Step 3/5 : RUN exit 3"), or empty before the first step. */
        public String step() {
            return step;
        }

        public List<String> lastLines() {
            return lastLines;
        }
    }

    /** The registry refused the credentials (wrong user, password or token). */
    public static final class LoginRefused extends RuntimeException {
        LoginRefused(String server, Throwable cause) {
            super("the registry " + server + " refused the login", cause);
        }
    }

    /**
     * Builds the image in {@code context} (its {@code Dockerfile}) with these build args, tags and labels, never
     * pulling the base again if it is there; {@code onLine} gets each line of output. Returns the image id.
     */
    public String build(File context, Map<String, String> args, Set<String> tags, Map<String, String> labels,
                        boolean noCache, Consumer<String> onLine) throws InterruptedException {
        var cmd = client.buildImageCmd(context).withDockerfile(new File(context, "Dockerfile"))
                .withTags(tags).withLabels(labels).withNoCache(noCache).withPull(false).withRemove(true).withForcerm(true);
        args.forEach(cmd::withBuildArg);
        BuildWatch watch = new BuildWatch(onLine);
        cmd.exec(watch).awaitCompletion();
        if (watch.error != null) throw new BuildFailed(watch.step, watch.error, List.copyOf(watch.lines));
        if (watch.imageId == null) throw new BuildFailed(watch.step, "the engine reported no image", List.copyOf(watch.lines));
        return watch.imageId;
    }

    /** Follows a build's stream: the current step, the lines since it began, the id at the end, or the error. */
    private static final class BuildWatch extends ResultCallback.Adapter<BuildResponseItem> {
        private final Consumer<String> onLine;
        private final Deque<String> lines = new ArrayDeque<>();
        private volatile String step = "";
        private volatile String imageId;
        private volatile String error;

        BuildWatch(Consumer<String> onLine) {
            this.onLine = onLine;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : String.valueOf(item.getError());
                return;
            }
            if (item.getImageId() != null) imageId = item.getImageId();
            String text = item.getStream();
            if (text == null) return;
            for (String line : text.split("\n")) {
                if (line.isBlank()) continue;
                if (line.startsWith("Step ")) {
                    step = line.trim();
                    lines.clear();
                } else if (!line.startsWith(" ---> ") && !line.startsWith("Removing intermediate container")) {
                    lines.addLast(line);
                    if (lines.size() > KEPT_LINES) lines.removeFirst();
                }
                if (line.startsWith("Successfully built ")) imageId = imageId != null ? imageId : line.substring(18).trim();
                onLine.accept(line);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable.getMessage() == null ? throwable.toString() : throwable.getMessage();
            super.onError(throwable);
        }
    }

    /** Checks credentials with the registry, as {@code docker login} does. */
    public void login(Login login) {
        try {
            client.authCmd().withAuthConfig(login.auth()).exec();
        } catch (DockerException e) {
            if (refusal(e.getHttpStatus(), e.getMessage())) throw new LoginRefused(login.server(), e);
            throw e;
        }
    }

    /** The engine's way of saying a registry refused the credentials (it answers 500 with the registry's 401). */
    static boolean refusal(int status, String message) {
        String m = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
        return status == 401 || status == 403 || m.contains("401 unauthorized") || m.contains("unauthorized:")
                || m.contains("incorrect username or password") || m.contains("authentication required");
    }

    public void tag(String source, String repository, String tag) {
        client.tagImageCmd(source, repository, tag).exec();
    }

    /** Pushes {@code repository:tag} with {@code login}; {@code onStatus} gets the engine's progress lines. */
    public void push(String repository, String tag, Login login, Consumer<String> onStatus) throws InterruptedException {
        var stream = new ResultCallback.Adapter<PushResponseItem>() {
            volatile String error;

            @Override
            public void onNext(PushResponseItem item) {
                if (item.getErrorDetail() != null) {
                    error = item.getErrorDetail().getMessage();
                } else if (item.getStatus() != null) {
                    onStatus.accept((item.getId() == null ? "" : item.getId() + ": ") + item.getStatus());
                }
            }
        };
        client.pushImageCmd(repository).withTag(tag).withAuthConfig(login == null ? null : login.auth()).exec(stream)
                .awaitCompletion();
        if (stream.error != null) {
            if (stream.error.contains("unauthorized") || stream.error.contains("denied")) {
                throw new LoginRefused(login == null ? repository : login.server(), new IllegalStateException(stream.error));
            }
            throw new IllegalStateException(stream.error);
        }
    }

    /** Pulls {@code reference} with {@code login} (null: anonymous). */
    public void pull(String reference, Login login, Consumer<PullResponseItem> onItem) throws InterruptedException {
        var stream = new ResultCallback.Adapter<PullResponseItem>() {
            volatile String error;

            @Override
            public void onNext(PullResponseItem item) {
                if (item.getErrorDetail() != null) error = item.getErrorDetail().getMessage();
                else onItem.accept(item);
            }
        };
        var cmd = client.pullImageCmd(reference);
        if (login != null) cmd.withAuthConfig(login.auth());
        cmd.exec(stream).awaitCompletion(2, TimeUnit.HOURS);
        if (stream.error != null) {
            if (stream.error.contains("unauthorized") || stream.error.contains("denied")) {
                throw new LoginRefused(login == null ? reference : login.server(), new IllegalStateException(stream.error));
            }
            throw new IllegalStateException(stream.error);
        }
    }

    public Optional<ImageDetails> inspect(String reference) {
        return inspect(reference, true);
    }

    /** As {@link #inspect(String)}; without {@code withContainers} the details name no containers (one call less). */
    public Optional<ImageDetails> inspect(String reference, boolean withContainers) {
        InspectImageResponse r;
        try {
            r = client.inspectImageCmd(reference).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        var config = r.getConfig();
        Map<String, String> labels = config == null || config.getLabels() == null ? Map.of() : new LinkedHashMap<>(config.getLabels());
        List<String> env = config == null || config.getEnv() == null ? List.of() : List.of(config.getEnv());
        int layers = r.getRootFS() == null || r.getRootFS().getLayers() == null ? 0 : r.getRootFS().getLayers().size();
        return Optional.of(new ImageDetails(r.getId(), r.getRepoTags() == null ? List.of() : List.copyOf(r.getRepoTags()),
                r.getSize() == null ? 0 : r.getSize(), labels, env, layers, withContainers ? containersOf(r.getId()) : List.of()));
    }

    /** The containers (running or not) made from this image id. */
    private List<String> containersOf(String imageId) {
        List<String> out = new ArrayList<>();
        for (Container c : client.listContainersCmd().withShowAll(true).exec()) {
            if (imageId.equals(c.getImageId())) out.add(c.getId());
        }
        return out;
    }

    /** The layers, newest first, as {@code docker history} lists them. */
    public List<Layer> history(String reference) {
        List<Layer> out = new ArrayList<>();
        for (ImageHistory h : client.imageHistoryCmd(reference).exec()) {
            out.add(new Layer(h.getCreatedBy() == null ? "" : h.getCreatedBy(), h.getSize() == null ? 0 : h.getSize()));
        }
        return out;
    }

    /** Removes one tag (and the image when it was the last), never forcing: an image a container uses stays. */
    public boolean remove(String reference) {
        try {
            client.removeImageCmd(reference).withForce(false).withNoPrune(false).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (ConflictException e) {
            throw new IllegalStateException("in use", e);
        }
    }

    /** What {@link #prune} would remove now: dangling images no container uses, and their total size. */
    public record PrunePlan(int images, long bytes) {}

    public PrunePlan prunePlan() {
        Set<String> used = new HashSet<>();
        for (Container c : client.listContainersCmd().withShowAll(true).exec()) used.add(c.getImageId());
        int n = 0;
        long bytes = 0;
        for (Image i : client.listImagesCmd().withDanglingFilter(true).exec()) {
            if (used.contains(i.getId())) continue;
            n++;
            bytes += i.getSize() == null ? 0 : i.getSize();
        }
        return new PrunePlan(n, bytes);
    }

    /** Removes dangling images no container uses (what {@code docker image prune} does); the bytes freed. */
    public long prune() {
        Long freed = client.pruneCmd(PruneType.IMAGES).withDangling(true).exec().getSpaceReclaimed();
        return freed == null ? 0 : freed;
    }
}
