package dev.labhand.workspace;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Docker engine, through docker-java. The only class that speaks the Docker API; everything it
 * returns is a plain record of this package.
 */
public final class DockerEngine implements Closeable {
    private final String host;
    private final DockerClient client;
    /** How long a streamed answer (a pull's progress, a log) may send nothing before it is given up. */
    private final Duration quiet;

    /** What {@link #list} and {@link #inspect} report about a container. */
    public record ContainerState(String id, String name, boolean running, String status, Map<String, String> labels,
                                 Integer exitCode, boolean gpuRequested) {}

    /**
     * What diagnostics need to know about one container. Docker counts a paused container, and one waiting
     * to be restarted, as running; neither can run a command.
     */
    public record ContainerDetails(String id, boolean running, String status, Integer exitCode, boolean oomKilled,
                                   boolean gpuRequested, java.util.Set<Integer> publishedPorts, String networkMode,
                                   boolean paused, boolean restarting, int restartCount) {}

    /** The result of a command run inside a container. {@code exitCode} is null when it did not finish in time. */
    public record ExecResult(Integer exitCode, String output, boolean truncated) {
        public boolean timedOut() {
            return exitCode == null;
        }

        /** 126 and 127: the shell's "cannot execute" and "not found". */
        public boolean commandMissing() {
            return exitCode != null && (exitCode == 126 || exitCode == 127);
        }
    }

    /** An image on this engine. */
    public record ImageInfo(String id, List<String> tags, long sizeBytes, long created) {}

    /** Engine facts for {@code doctor}. */
    public record EngineInfo(String version, String apiVersion, String os, List<String> runtimes) {
        public boolean nvidiaRuntime() {
            return runtimes.contains("nvidia");
        }
    }

    public DockerEngine(String host, Duration timeout) {
        this(host, timeout, null);
    }

    /**
     * @param route the way to a remote engine, asked when a request waits long or gets no HTTP answer (the
     *              bridge names the host as down, frozen or not the recorded one); null for a direct engine
     */
    public DockerEngine(String host, Duration timeout, EngineRoute route) {
        this.host = host;
        this.quiet = timeout;
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(50)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(timeout)
                .build();
        this.client = DockerClientImpl.getInstance(config, route == null ? http : new ExplainedTransport(http, route));
    }

    public String host() {
        return host;
    }

    /** Building, tagging, pushing, inspecting and removing images on this engine. */
    public ImageEngine imageOps() {
        return new ImageEngine(client);
    }

    public void ping() {
        client.pingCmd().exec();
    }

    public EngineInfo info() {
        Version v = client.versionCmd().exec();
        Info info = client.infoCmd().exec();
        Map<String, ?> runtimes = info.getRuntimes() == null ? Map.of() : info.getRuntimes();
        return new EngineInfo(v.getVersion(), v.getApiVersion(), info.getOperatingSystem(),
                List.copyOf(runtimes.keySet()));
    }

    public boolean hasImage(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    public List<ImageInfo> images() {
        List<ImageInfo> out = new ArrayList<>();
        for (Image i : client.listImagesCmd().exec()) {
            out.add(new ImageInfo(i.getId(), i.getRepoTags() == null ? List.of() : List.of(i.getRepoTags()),
                    i.getSize() == null ? 0 : i.getSize(), i.getCreated() == null ? 0 : i.getCreated()));
        }
        return out;
    }

    /**
     * Pulls {@code image}, reporting each progress item; blocks until done, or throws {@link StreamStalled}
     * when the engine sends nothing for the engine timeout (a registry or network that hangs mid-layer
     * would otherwise hold the call for the tool's whole limit). Giving up closes the stream, and the
     * engine cancels a pull nobody waits for.
     */
    public void pull(String image, Consumer<PullResponseItem> onItem) throws InterruptedException {
        var stream = new WatchedStream<PullResponseItem>() {
            @Override
            void next(PullResponseItem item) {
                if (item.getErrorDetail() != null) {
                    onError(new IllegalStateException(item.getErrorDetail().getMessage()));
                    return;
                }
                onItem.accept(item);
            }
        };
        client.pullImageCmd(image).exec(stream).awaitWhileSending(quiet);
    }

    /**
     * A streamed answer whose silence is timed: {@link #awaitWhileSending} waits for its end but gives up
     * once nothing has arrived for a while. (docker-java's timed {@code awaitCompletion} closes the stream
     * when it returns, so it cannot be polled.)
     */
    private abstract static class WatchedStream<T> extends ResultCallback.Adapter<T> {
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile long lastHeard = System.nanoTime();

        abstract void next(T item);

        @Override
        public final void onNext(T item) {
            lastHeard = System.nanoTime();
            next(item);
        }

        @Override
        public void onError(Throwable throwable) {
            super.onError(throwable);
            ended.countDown();
        }

        @Override
        public void onComplete() {
            super.onComplete();
            ended.countDown();
        }

        void awaitWhileSending(Duration quiet) throws InterruptedException {
            while (!ended.await(1, TimeUnit.SECONDS)) {
                if (System.nanoTime() - lastHeard > quiet.toNanos()) {
                    try {
                        close();
                    } catch (IOException closing) {
                        // given up either way
                    }
                    throw new StreamStalled(quiet);
                }
            }
            awaitCompletion();   // throws the stream's first error, if any, and closes it
        }
    }

    /** A streamed answer of the engine's that stopped arriving, with the connection still open. */
    public static final class StreamStalled extends RuntimeException {
        private final Duration silence;

        StreamStalled(Duration silence) {
            super("the engine sent nothing for " + silence.toSeconds() + " s");
            this.silence = silence;
        }

        public Duration silence() {
            return silence;
        }
    }

    /** Creates (does not start) the container; returns its id. */
    public String create(ContainerPlan p) {
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        p.ports().forEach((container, hostPort) -> {
            ExposedPort e = ExposedPort.tcp(container);
            exposed.add(e);
            bindings.bind(e, Ports.Binding.bindIpAndPort(p.publishAddress(), hostPort));
        });
        List<Bind> binds = new ArrayList<>();
        p.binds().forEach((hostDir, containerPath) -> binds.add(new Bind(hostDir, new Volume(containerPath))));
        HostConfig hc = HostConfig.newHostConfig()
                .withNetworkMode(p.network())
                .withPortBindings(bindings)
                .withBinds(binds)
                .withMemory(p.memoryMb() * 1024 * 1024)
                .withNanoCPUs((long) (p.cpus() * 1_000_000_000L))
                .withPidsLimit(p.pids())
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"));
        if (p.shutdown().init()) hc.withInit(true);
        if (p.gpu()) {
            hc.withDeviceRequests(List.of(new DeviceRequest().withDriver("").withCount(-1)
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        try (CreateContainerCmd cmd = client.createContainerCmd(p.image())) {
            cmd.withName(p.containerName())
                    .withLabels(p.labels())
                    .withEnv(p.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withExposedPorts(exposed)
                    .withHostConfig(hc);
            if (!p.command().isEmpty()) cmd.withCmd(p.command());
            if (p.shutdown().signal() != null) cmd.withStopSignal(p.shutdown().signal());
            if (p.shutdown().graceSeconds() != WorkspaceTemplate.Shutdown.DOCKER_DEFAULT.graceSeconds()) {
                cmd.withStopTimeout(p.shutdown().graceSeconds());
            }
            return cmd.exec().getId();
        }
    }

    public void start(String id) {
        try {
            client.startContainerCmd(id).exec();
        } catch (NotModifiedException alreadyRunning) {
            // starting a running container is not an error for us
        }
    }

    /**
     * Stops the container: its stop signal, then SIGKILL once {@code graceSeconds} have passed. A grace longer
     * than one request may wait ({@code docker.timeoutSeconds}) is waited out by asking the engine, which goes
     * on stopping the container when the request ends.
     */
    public void stop(String id, int graceSeconds) {
        try {
            client.stopContainerCmd(id).withTimeout(graceSeconds).exec();
        } catch (NotModifiedException alreadyStopped) {
            // same
        } catch (RuntimeException e) {
            if (!timedOut(e)) throw e;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds + 15L);
            while (inspect(id).map(ContainerState::running).orElse(false)) {
                if (System.nanoTime() > deadline) throw e;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) return true;
        }
        return false;
    }

    /** Removes the container (forced); false if it was already gone. */
    public boolean remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    public Optional<ContainerState> inspect(String idOrName) {
        try {
            InspectContainerResponse r = client.inspectContainerCmd(idOrName).exec();
            var state = r.getState();
            boolean gpu = gpuRequested(r.getHostConfig());
            Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null
                    ? Map.of() : r.getConfig().getLabels();
            return Optional.of(new ContainerState(r.getId(), trimSlash(r.getName()),
                    Boolean.TRUE.equals(state.getRunning()), state.getStatus(), labels,
                    state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue(), gpu));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public Optional<ContainerDetails> details(String idOrName) {
        try {
            InspectContainerResponse r = client.inspectContainerCmd(idOrName).exec();
            var state = r.getState();
            HostConfig hc = r.getHostConfig();
            boolean gpu = gpuRequested(hc);
            java.util.Set<Integer> published = new java.util.TreeSet<>();
            if (hc != null && hc.getPortBindings() != null) {
                hc.getPortBindings().getBindings().forEach((port, b) -> {
                    if (b != null && b.length > 0) published.add(port.getPort());
                });
            }
            return Optional.of(new ContainerDetails(r.getId(), Boolean.TRUE.equals(state.getRunning()), state.getStatus(),
                    state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue(),
                    Boolean.TRUE.equals(state.getOOMKilled()), gpu, published,
                    hc == null ? "" : hc.getNetworkMode(), Boolean.TRUE.equals(state.getPaused()),
                    Boolean.TRUE.equals(state.getRestarting()) || "restarting".equals(state.getStatus()),
                    r.getRestartCount() == null ? 0 : r.getRestartCount()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code argv} inside a running container, collecting stdout and stderr up to {@code maxBytes}. A
     * missing executable comes back as exit code 127. A command still running after {@code timeout} is
     * killed with its whole process group, so a timed-out diagnostic does not keep running in the workspace.
     *
     * <p>{@code argv} is never parsed by a shell: it runs as {@code sh -c 'echo $$; exec "$@"' labhand argv...},
     * which only prints its process id (the first line, not part of the output) and then becomes
     * {@code argv} itself. Docker starts every exec as its own session and process group, so that id is
     * the group to kill. Images without {@code sh} run {@code argv} directly and cannot be cleaned up.
     *
     * @throws ContainerNotRunningException when the container is paused, restarting or stopped
     */
    public ExecResult exec(String containerId, List<String> argv, Duration timeout, int maxBytes)
            throws InterruptedException {
        List<String> wrapped = new ArrayList<>(PID_WRAPPER);
        wrapped.addAll(argv);
        try {
            return run(containerId, wrapped, true, timeout, maxBytes);
        } catch (ExecutableMissing noShell) {
            try {
                return run(containerId, argv, false, timeout, maxBytes);
            } catch (ExecutableMissing e) {
                return new ExecResult(127, "", false);
            }
        }
    }

    /** The shell prefix that reports the command's process id before becoming the command. */
    static final List<String> PID_WRAPPER = List.of("sh", "-c", "echo $$; exec \"$@\"", "labhand");

    /** The container cannot run commands now (Docker's 409): paused, restarting or not running. */
    public static final class ContainerNotRunningException extends RuntimeException {
        public ContainerNotRunningException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The engine could not find the executable to start. */
    private static final class ExecutableMissing extends Exception {
    }

    private ExecResult run(String containerId, List<String> argv, boolean reportsPid, Duration timeout, int maxBytes)
            throws InterruptedException, ExecutableMissing {
        String execId;
        try {
            execId = client.execCreateCmd(containerId).withCmd(argv.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
        } catch (ConflictException e) {
            throw new ContainerNotRunningException(String.valueOf(e.getMessage()), e);
        }
        ExecOutput out = new ExecOutput(reportsPid, maxBytes);
        try {
            boolean finished = client.execStartCmd(execId).exec(out).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Long code = finished ? client.inspectExecCmd(execId).exec().getExitCodeLong() : null;
            if (!finished) killGroup(containerId, out.pid());
            return new ExecResult(code == null ? null : code.intValue(), out.text(), out.truncated());
        } catch (ConflictException e) {
            throw new ContainerNotRunningException(String.valueOf(e.getMessage()), e);
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("executable file not found") || msg.contains("no such file or directory")) {
                throw new ExecutableMissing();
            }
            throw e;
        } finally {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }

    /** Kills a timed-out exec's process group (and, if it is not a group, the process) inside the container. */
    private void killGroup(String containerId, Integer pid) throws InterruptedException {
        if (pid == null || pid <= 1) return;
        try {
            String killId = client.execCreateCmd(containerId)
                    .withCmd("sh", "-c", "kill -9 -\"$0\" 2>/dev/null || kill -9 \"$0\"", String.valueOf(pid))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            client.execStartCmd(killId).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            // the container stopped or went away meanwhile: nothing left to kill
        }
    }

    /** An exec's output; with {@code reportsPid}, the first stdout line is the process id, not output. */
    private static final class ExecOutput extends ResultCallback.Adapter<Frame> {
        private final int maxBytes;
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder pidLine;
        private Integer pid;
        private boolean truncated;

        ExecOutput(boolean reportsPid, int maxBytes) {
            this.maxBytes = maxBytes;
            this.pidLine = reportsPid ? new StringBuilder() : null;
        }

        @Override
        public synchronized void onNext(Frame frame) {
            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
            if (pidLine != null && pid == null && frame.getStreamType() == StreamType.STDOUT) {
                int nl = text.indexOf('\n');
                pidLine.append(nl < 0 ? text : text.substring(0, nl));
                if (nl < 0) return;
                pid = parsePid(pidLine.toString().trim());
                text = text.substring(nl + 1);
            }
            if (out.length() < maxBytes) out.append(text);
            else if (!text.isEmpty()) truncated = true;
        }

        synchronized Integer pid() {
            return pid;
        }

        synchronized String text() {
            return out.length() > maxBytes ? out.substring(0, maxBytes) : out.toString();
        }

        synchronized boolean truncated() {
            return truncated || out.length() > maxBytes;
        }

        private static Integer parsePid(String s) {
            return s.matches("[0-9]{1,9}") ? Integer.valueOf(s) : -1;
        }
    }

    /**
     * A container's CPU use as {@code docker stats --no-stream} reads it: the cumulative CPU time now and about a
     * second before, against the host's. The engine samples once a second, so this call takes about that long.
     *
     * @param totalNanos    CPU time the container used since it started
     * @param windowPercent use over the engine's last sampling window, in percent of one CPU (200 = two busy CPUs);
     *                      null when the engine had only one sample
     */
    public record CpuSample(long totalNanos, Double windowPercent) {}

    /** One stats sample of a running container; empty when it is gone or not running. */
    public Optional<CpuSample> cpu(String id) throws InterruptedException {
        var stream = new WatchedStream<com.github.dockerjava.api.model.Statistics>() {
            volatile com.github.dockerjava.api.model.Statistics first;

            @Override
            void next(com.github.dockerjava.api.model.Statistics s) {
                if (first == null) first = s;
            }
        };
        try {
            client.statsCmd(id).withNoStream(true).exec(stream).awaitWhileSending(quiet);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        var s = stream.first;
        if (s == null || s.getCpuStats() == null || s.getCpuStats().getCpuUsage() == null
                || s.getCpuStats().getCpuUsage().getTotalUsage() == null) {
            return Optional.empty();
        }
        long total = s.getCpuStats().getCpuUsage().getTotalUsage();
        Double window = null;
        var pre = s.getPreCpuStats();
        Long system = s.getCpuStats().getSystemCpuUsage();
        if (pre != null && pre.getCpuUsage() != null && pre.getCpuUsage().getTotalUsage() != null
                && pre.getSystemCpuUsage() != null && system != null && system > pre.getSystemCpuUsage()) {
            long cpus = s.getCpuStats().getOnlineCpus() == null ? 1 : Math.max(1, s.getCpuStats().getOnlineCpus());
            double share = (double) (total - pre.getCpuUsage().getTotalUsage()) / (system - pre.getSystemCpuUsage());
            window = Math.max(0, share * cpus * 100);
        }
        return Optional.of(new CpuSample(total, window));
    }

    /** The raw HostConfig of a container, for tests and diagnostics that need its exact shape. */
    public HostConfig hostConfig(String id) {
        return client.inspectContainerCmd(id).exec().getHostConfig();
    }

    /** All containers (running or not) carrying {@code label}. */
    public List<ContainerState> listLabelled(String label) {
        List<ContainerState> out = new ArrayList<>();
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()) {
            out.add(new ContainerState(c.getId(), c.getNames() == null || c.getNames().length == 0 ? "" : trimSlash(c.getNames()[0]),
                    "running".equals(c.getState()), c.getState(), c.getLabels() == null ? Map.of() : c.getLabels(), null, false));
        }
        return out;
    }

    /** The workspace containers (running or not) that the installation {@code instanceId} made. */
    public List<ContainerState> containersOf(String instanceId) {
        return listLabelled(Labels.INSTANCE + "=" + instanceId);
    }

    /** The last {@code lines} lines of stdout and stderr, at most {@code maxBytes} bytes. */
    public String logs(String id, int lines, int maxBytes) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        var stream = new WatchedStream<Frame>() {
            @Override
            void next(Frame frame) {
                synchronized (out) {
                    if (out.length() < maxBytes) out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        client.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(lines).exec(stream).awaitWhileSending(quiet);
        return out.length() > maxBytes ? out.substring(out.length() - maxBytes) : out.toString();
    }

    /** The container asked for GPUs ({@code --gpus}: a device request with the gpu capability). */
    private static boolean gpuRequested(HostConfig hc) {
        return hc != null && hc.getDeviceRequests() != null && hc.getDeviceRequests().stream()
                .anyMatch(d -> d.getCapabilities() != null && d.getCapabilities().stream().anyMatch(c -> c.contains("gpu")));
    }

    private static String trimSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
