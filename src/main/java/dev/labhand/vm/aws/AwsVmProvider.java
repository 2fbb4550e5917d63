package dev.labhand.vm.aws;

import static dev.labhand.vm.aws.AwsErrors.call;

import dev.labhand.tool.Progress;
import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import dev.labhand.vm.VmCommands;
import dev.labhand.vm.VmInfo;
import dev.labhand.vm.VmProvider;
import dev.labhand.vm.VmRef;
import dev.labhand.vm.VmRequest;
import dev.labhand.vm.VmState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Course VMs on EC2: an imported key pair and a security group that admits only SSH, both named
 * {@code labhand-<name>}, and one instance (optionally a persistent spot instance that stops rather than
 * disappears when AWS takes it back). Only this package talks to the AWS SDK; every failure leaves as a
 * {@link CloudFailure} carrying the AWS error code, and a failed create removes what it made.
 */
public final class AwsVmProvider implements VmProvider {
    private static final Logger log = LoggerFactory.getLogger(AwsVmProvider.class);
    /** StateReason codes EC2 gives an instance it stopped or terminated to reclaim spot capacity. */
    private static final Set<String> SPOT_INTERRUPTIONS = Set.of("Server.SpotInstanceShutdown",
            "Server.SpotInstanceTermination");

    private final Function<String, Ec2Client> clientForRegion;
    private final String amiOverride;
    private final Duration pollInterval;
    private final Duration waitLimit;
    private final Duration cleanUpLimit;
    private Duration throttleLimit = Ec2Session.DEFAULT_THROTTLE_LIMIT;
    private final AwsCommands commands = new AwsCommands();

    /**
     * @param clientForRegion the EC2 client for a region name; may throw a CloudFailure when none can be made
     * @param amiOverride     the image every VM uses, or null for Canonical's newest Ubuntu 22.04
     */
    public AwsVmProvider(Function<String, Ec2Client> clientForRegion, String amiOverride, Duration pollInterval,
                         Duration waitLimit) {
        this(clientForRegion, amiOverride, pollInterval, waitLimit, waitLimit);
    }

    /**
     * @param cleanUpLimit how long the clean-up after a failed create may take in all (waits and retries
     *                     together); what is not removed by then is named in the failure
     */
    public AwsVmProvider(Function<String, Ec2Client> clientForRegion, String amiOverride, Duration pollInterval,
                         Duration waitLimit, Duration cleanUpLimit) {
        this.clientForRegion = clientForRegion;
        this.amiOverride = amiOverride;
        this.pollInterval = pollInterval;
        this.waitLimit = waitLimit;
        this.cleanUpLimit = cleanUpLimit;
    }

    /**
     * A provider whose clients, one per region, are made on first use with the standard credential chain
     * (environment, profile, instance role). Nothing is resolved or contacted until then.
     *
     * @param endpointOverride blank for real AWS, else e.g. {@code http://127.0.0.1:4566}
     * @throws IllegalArgumentException when the override is not a URI, so a typo shows at start-up
     */
    public static AwsVmProvider fromEnvironment(String endpointOverride) {
        return withCredentials(endpointOverride, DefaultCredentialsProvider.builder().build());
    }

    /** As {@link #fromEnvironment}, with the credentials from {@code chain}; none found is NOT_CONFIGURED. */
    static AwsVmProvider withCredentials(String endpointOverride, AwsCredentialsProvider chain) {
        URI endpoint = endpointOverride == null || endpointOverride.isBlank() ? null : URI.create(endpointOverride.strip());
        AwsCredentialsProvider credentials = new ReportedCredentials(chain);
        Map<String, Ec2Client> clients = new ConcurrentHashMap<>();
        Function<String, Ec2Client> forRegion = region -> clients.computeIfAbsent(region,
                r -> client(r, endpoint, credentials, ATTEMPT_TIMEOUT, CALL_TIMEOUT));
        return new AwsVmProvider(forRegion, null, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(3));
    }

    /** How long one operation may wait out EC2 throttling in all; a longer Retry-After fails at once, saying how long. */
    public AwsVmProvider withThrottleLimit(Duration limit) {
        this.throttleLimit = limit;
        return this;
    }

    /** How long one try of an EC2 call, and one call with all the SDK's retries, may take: well below the tools' timeouts. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(50);

    /**
     * An EC2 client whose calls end: one attempt after {@code attempt}, a call with its (at most 3) attempts after
     * {@code total}, so a hanging endpoint fails as TIMEOUT instead of holding a member's reply. The SDK retries
     * lost answers and 5xx quickly, but never waits out a Retry-After EC2 sends (minutes, in silence: see
     * {@link RetryAfterHint}); {@link Ec2Session#call} waits that within a budget and says so.
     */
    public static Ec2Client client(String region, URI endpoint, AwsCredentialsProvider credentials, Duration attempt,
                                   Duration total) {
        var retries = software.amazon.awssdk.retries.StandardRetryStrategy.builder()
                .maxAttempts(3)
                .backoffStrategy(software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelay(
                        Duration.ofMillis(100), Duration.ofSeconds(2)))
                .retryOnException(AwsVmProvider::sdkMayRetry)
                .circuitBreakerEnabled(false)
                .build();
        Ec2ClientBuilder builder = Ec2Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(attempt).apiCallTimeout(total).retryStrategy(retries)
                        .addExecutionInterceptor(new RetryAfterHint()));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder.build();
    }

    /** No answer, a timed-out attempt or a 5xx that is not throttling. */
    private static boolean sdkMayRetry(Throwable e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service) {
            return !service.isThrottlingException() && service.statusCode() >= 500;
        }
        return e instanceof software.amazon.awssdk.core.exception.SdkClientException;
    }

    @Override
    public String id() {
        return "aws";
    }

    @Override
    public List<String> plan(VmRequest request) {
        return new LaunchSpec(request).plan(amiOverride);
    }

    @Override
    public VmInfo create(VmRequest request, Progress progress) throws InterruptedException {
        LaunchSpec spec = new LaunchSpec(request);
        Ec2Session ec2 = session(request.region()).throttled(throttleLimit, progress);
        String vpc = ec2.defaultVpc();
        String image = amiOverride != null ? amiOverride : ec2.newestUbuntu();
        Made made = new Made();
        try {
            ec2.call("ImportKeyPair", () -> ec2.client().importKeyPair(spec.importKeyPair()));
            made.keyName = spec.resourceName();
            progress.report("+ key pair " + made.keyName);
            made.groupId = ec2.call("CreateSecurityGroup", () -> ec2.client().createSecurityGroup(spec.createSecurityGroup(vpc))).groupId();
            progress.report("+ security group " + made.groupId + " (" + spec.resourceName() + ")");
            ec2.call("AuthorizeSecurityGroupIngress", () -> ec2.client().authorizeSecurityGroupIngress(spec.allowSsh(made.groupId)));
            progress.report("+ ingress tcp/22 from " + spec.sshCidr());
            made.token = request.requestId();
            Instance launched = launch(ec2, spec, image, made.groupId, made.token, progress);
            made.instanceId = launched.instanceId();
            made.spotRequestId = launched.spotInstanceRequestId();
            progress.report("+ instance " + made.instanceId + " (" + launched.state().name() + ")");
            Instance running = ec2.waitFor(made.instanceId, InstanceStateName.RUNNING, progress);
            return info(made.ref(request), running);
        } catch (RuntimeException e) {
            CloudFailure failure = e instanceof CloudFailure f ? f : new CloudFailure(Kind.SERVER, null, e);
            CleanUp done = removeMade(ec2.within(cleanUpLimit), made, progress);
            throw failure.withCleanUp(done.removed(), done.left());
        } catch (InterruptedException interrupted) {
            // An instance left running costs money by the hour, so the clean-up still runs before giving up.
            CleanUp done = removeMade(ec2.within(cleanUpLimit), made, progress);
            if (!done.left().isEmpty()) log.warn("interrupted create of {} left behind {}", request.name(), done.left());
            Thread.currentThread().interrupt();
            throw interrupted;
        }
    }

    @Override
    public VmInfo status(VmRef vm) {
        return session(vm.region()).describe(vm.id("instanceId"))
                .map(instance -> info(vm, instance))
                .orElseGet(() -> new VmInfo(vm, VmState.DELETED, null, false, null, false));
    }

    @Override
    public void start(VmRef vm, Progress progress) throws InterruptedException {
        Ec2Session ec2 = session(vm.region()).throttled(throttleLimit, progress);
        String id = vm.id("instanceId");
        ec2.call("StartInstances", () -> ec2.client().startInstances(r -> r.instanceIds(id)));
        ec2.waitFor(id, InstanceStateName.RUNNING, progress);
    }

    @Override
    public void stop(VmRef vm, Progress progress) throws InterruptedException {
        Ec2Session ec2 = session(vm.region()).throttled(throttleLimit, progress);
        String id = vm.id("instanceId");
        ec2.call("StopInstances", () -> ec2.client().stopInstances(r -> r.instanceIds(id)));
        ec2.waitFor(id, InstanceStateName.STOPPED, progress);
    }

    /** A stopped EC2 instance is already off the compute bill (only its volume is charged). */
    @Override
    public void deallocate(VmRef vm, Progress progress) throws InterruptedException {
        stop(vm, progress);
    }

    @Override
    public void delete(VmRef vm, Progress progress) throws InterruptedException {
        Ec2Session ec2 = session(vm.region()).throttled(throttleLimit, progress);
        Optional<Instance> instance = ec2.describe(vm.id("instanceId"));
        if (instance.isPresent() && instance.get().state().name() != InstanceStateName.TERMINATED) {
            ec2.terminate(instance.get().instanceId(), instance.get().spotInstanceRequestId(), progress);
        }
        ec2.deleteGroup(vm.id("securityGroupId"), progress);
        ec2.deleteKey(vm.id("keyName"), progress);
    }

    @Override
    public boolean located(VmRef vm) {
        return vm.ids().containsKey("instanceId");
    }

    @Override
    public List<String> leftovers(VmRef vm) {
        Found found = find(session(vm.region()), vm);
        List<String> names = new ArrayList<>();
        found.instances().forEach(i -> names.add("instance " + i.instanceId()));
        found.groups().forEach(g -> names.add("security group " + g.groupId()));
        found.keys().forEach(k -> names.add("key pair " + k.keyName()));
        return names;
    }

    @Override
    public List<String> removeLeftovers(VmRef vm, Progress progress) throws InterruptedException {
        Ec2Session ec2 = session(vm.region()).within(cleanUpLimit);
        Found found = find(ec2, vm);
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (Instance i : found.instances()) {
            String what = "instance " + i.instanceId();
            (removed(() -> ec2.terminate(i.instanceId(), i.spotInstanceRequestId(), progress)) ? removed : left).add(what);
        }
        for (var g : found.groups()) {
            String what = "security group " + g.groupId();
            (removed(() -> ec2.deleteGroup(g.groupId(), progress)) ? removed : left).add(what);
        }
        for (var k : found.keys()) {
            String what = "key pair " + k.keyName();
            (removed(() -> ec2.deleteKey(k.keyName(), progress)) ? removed : left).add(what);
        }
        if (!left.isEmpty()) throw new CloudFailure(Kind.CONFLICT, "CleanUpIncomplete", null).withCleanUp(removed, left);
        return removed;
    }

    private record Found(List<Instance> instances, List<software.amazon.awssdk.services.ec2.model.SecurityGroup> groups,
                         List<software.amazon.awssdk.services.ec2.model.KeyPairInfo> keys) {}

    /** By the create's request-id tag; a record from before request ids by its Name tag and managed-by. */
    private static Found find(Ec2Session ec2, VmRef vm) {
        Map<String, String> tags = vm.ids().containsKey("requestId")
                ? Map.of(dev.labhand.vm.VmRequest.REQUEST_TAG, vm.ids().get("requestId"))
                : Map.of("Name", vm.name(), "managed-by", "labhand");
        return new Found(ec2.tagged(tags), ec2.groupsTagged(tags), ec2.keysTagged(tags));
    }

    @Override
    public Optional<String> hostKey(VmRef vm) {
        Ec2Session ec2 = session(vm.region());
        String encoded = ec2.call("GetConsoleOutput", () -> ec2.client().getConsoleOutput(r -> r.instanceId(vm.id("instanceId")).latest(true)))
                .output();
        if (encoded == null) return Optional.empty();
        return ConsoleHostKeys.ed25519(new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    @Override
    public VmCommands commands() {
        return commands;
    }

    private Ec2Session session(String region) {
        return new Ec2Session(call(() -> clientForRegion.apply(region)), pollInterval, waitLimit);
    }

    /**
     * RunInstances with this create's client token. When its answer is lost (the SDK's retries, which send the same
     * token, got no answer either), the instance it may have made is looked up by that token and adopted.
     */
    private static Instance launch(Ec2Session ec2, LaunchSpec spec, String image, String groupId, String token,
                                   Progress progress) {
        try {
            return ec2.call("RunInstances", () -> ec2.client().runInstances(spec.runInstances(image, groupId))).instances().get(0);
        } catch (CloudFailure f) {
            if (token == null || !(f.kind() == Kind.NETWORK || f.kind() == Kind.SERVER || f.kind() == Kind.TIMEOUT)) throw f;
            log.warn("RunInstances for {} got no answer ({}); looking for what it made by its client token",
                    spec.resourceName(), f.getMessage());
            List<Instance> found = ec2.byClientToken(token);
            if (found.isEmpty()) throw f;
            progress.report("~ RunInstances' answer was lost; found instance " + found.get(0).instanceId()
                    + " by its client token");
            return found.get(0);
        }
    }

    /** What a clean-up removed and what it could not, each named ("instance i-0...", "security group sg-0..."). */
    private record CleanUp(List<String> removed, List<String> left) {}

    /**
     * Removes what a failed create made, newest first, and names what it removed and what it could not. An
     * instance whose RunInstances answer never came is looked up by the client token, so it is neither leaked
     * nor left holding the security group. {@code ec2} bounds the whole clean-up.
     */
    private static CleanUp removeMade(Ec2Session ec2, Made made, Progress progress) throws InterruptedException {
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        if (made.instanceId == null && made.token != null) {
            try {
                ec2.byClientToken(made.token).stream().findFirst().ifPresent(i -> {
                    made.instanceId = i.instanceId();
                    made.spotRequestId = i.spotInstanceRequestId();
                });
            } catch (CloudFailure f) {
                log.warn("cannot look up instances with client token {}: {}", made.token, f.getMessage());
                left.add("any instance with client token " + made.token);
            }
        }
        if (made.instanceId != null) {
            String what = "instance " + made.instanceId;
            (removed(() -> ec2.terminate(made.instanceId, made.spotRequestId, progress)) ? removed : left).add(what);
        }
        if (made.groupId != null) {
            String what = "security group " + made.groupId;
            (removed(() -> ec2.deleteGroup(made.groupId, progress)) ? removed : left).add(what);
        }
        if (made.keyName != null) {
            String what = "key pair " + made.keyName;
            (removed(() -> ec2.deleteKey(made.keyName, progress)) ? removed : left).add(what);
        }
        return new CleanUp(removed, left);
    }

    private static boolean removed(Removal removal) throws InterruptedException {
        try {
            removal.run();
            return true;
        } catch (CloudFailure f) {
            log.warn("clean-up after a failed create: {}", f.getMessage(), f);
            return false;
        }
    }

    private static VmInfo info(VmRef ref, Instance instance) {
        return new VmInfo(ref, state(instance.state().name()), instance.instanceTypeAsString(),
                "spot".equals(instance.instanceLifecycleAsString()), instance.publicIpAddress(), evicted(instance));
    }

    private static VmState state(InstanceStateName name) {
        return switch (name) {
            case PENDING -> VmState.PROVISIONING;
            case RUNNING -> VmState.RUNNING;
            case STOPPING, SHUTTING_DOWN -> VmState.STOPPING;
            case STOPPED -> VmState.STOPPED;
            case TERMINATED -> VmState.DELETED;
            default -> VmState.UNKNOWN;
        };
    }

    private static boolean evicted(Instance instance) {
        String code = instance.stateReason() == null ? null : instance.stateReason().code();
        String reason = instance.stateTransitionReason() == null ? "" : instance.stateTransitionReason();
        return code != null && SPOT_INTERRUPTIONS.contains(code)
                || SPOT_INTERRUPTIONS.stream().anyMatch(reason::contains);
    }

    @FunctionalInterface
    private interface Removal {
        void run() throws InterruptedException;
    }

    /** What a create has made so far. */
    private static final class Made {
        String keyName;
        String groupId;
        String instanceId;
        String spotRequestId;
        String token;

        VmRef ref(VmRequest request) {
            Map<String, String> ids = new java.util.TreeMap<>(
                    Map.of("instanceId", instanceId, "securityGroupId", groupId, "keyName", keyName));
            if (token != null) ids.put("requestId", token);
            return new VmRef("aws", request.name(), request.region(), ids);
        }
    }
}
