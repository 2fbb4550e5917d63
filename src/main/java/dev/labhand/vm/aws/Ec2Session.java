package dev.labhand.vm.aws;

import dev.labhand.tool.Progress;
import dev.labhand.vm.CloudFailure;
import dev.labhand.vm.CloudFailure.Kind;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * One region's EC2 as Labhand drives it. EC2 has no completion callbacks, so waiting is polling
 * {@code DescribeInstances} every {@code poll} for at most {@code limit}; removals treat "already gone" as
 * done so that a delete can be repeated after a partial failure.
 */
final class Ec2Session {
    private final Ec2Client ec2;
    private final Duration poll;
    private final Duration limit;
    /** System.nanoTime() after which no wait or retry goes on, whatever {@code limit} says; null for none. */
    private final Long deadline;
    /** The longest Labhand waits out throttling (beyond the SDK's own few retries) in one session. */
    private final Duration throttleLimit;
    private final Progress progress;

    Ec2Session(Ec2Client ec2, Duration poll, Duration limit) {
        this(ec2, poll, limit, null, DEFAULT_THROTTLE_LIMIT, Progress.NONE);
    }

    static final Duration DEFAULT_THROTTLE_LIMIT = Duration.ofSeconds(60);
    /** A throttled answer without Retry-After is retried after this long. */
    private static final Duration THROTTLE_PAUSE = Duration.ofSeconds(5);

    private Ec2Session(Ec2Client ec2, Duration poll, Duration limit, Long deadline, Duration throttleLimit,
                       Progress progress) {
        this.ec2 = ec2;
        this.poll = poll;
        this.limit = limit;
        this.deadline = deadline;
        this.throttleLimit = throttleLimit;
        this.progress = progress;
    }

    /** The same session, with every wait and retry of all its calls together ending {@code total} from now. */
    Ec2Session within(Duration total) {
        return new Ec2Session(ec2, poll, limit, System.nanoTime() + total.toNanos(), throttleLimit, progress);
    }

    /** The same session, waiting out throttling for at most {@code limit}, telling {@code progress} when it does. */
    Ec2Session throttled(Duration limit, Progress to) {
        return new Ec2Session(ec2, poll, this.limit, deadline, limit, to);
    }

    /**
     * One EC2 call. When EC2 still throttles after the SDK's own retries, Labhand waits as long as EC2 asked
     * (Retry-After), saying so, as long as the session's throttle budget allows; a longer wait fails at once as
     * THROTTLED carrying that wait, so the member hears "try again in N s" instead of waiting in silence.
     */
    <T> T call(String action, java.util.function.Supplier<T> sdkCall) {
        long budgetEnd = System.nanoTime() + throttleLimit.toNanos();
        while (true) {
            try {
                return AwsErrors.call(action, sdkCall);
            } catch (CloudFailure f) {
                if (f.kind() != Kind.THROTTLED) throw f;
                Duration wait = f.retryAfter() != null ? f.retryAfter() : THROTTLE_PAUSE;
                if (System.nanoTime() + wait.toNanos() - budgetEnd > 0) throw f.withRetryAfter(wait);
                progress.report("~ the cloud is throttling (EC2 " + action + "); retrying in " + wait.toSeconds() + " s");
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw f;
                }
            }
        }
    }

    private long deadline() {
        long own = System.nanoTime() + limit.toNanos();
        return deadline != null && deadline - own < 0 ? deadline : own;
    }

    /** Instances (not terminated) a RunInstances with this client token made: EC2 keeps the token on the instance. */
    List<Instance> byClientToken(String token) {
        return instances(filter("client-token", token));
    }

    /** Instances (not terminated) carrying every one of {@code tags}. */
    List<Instance> tagged(java.util.Map<String, String> tags) {
        return instances(tagFilters(tags).toArray(Filter[]::new));
    }

    private List<Instance> instances(Filter... filters) {
        List<Filter> all = new java.util.ArrayList<>(List.of(filters));
        all.add(Filter.builder().name("instance-state-name")
                .values("pending", "running", "stopping", "stopped", "shutting-down").build());
        return call("DescribeInstances", () -> ec2.describeInstances(r -> r.filters(all))).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    /** Security groups carrying every one of {@code tags}. */
    List<SecurityGroup> groupsTagged(java.util.Map<String, String> tags) {
        return call("DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.filters(tagFilters(tags)))).securityGroups();
    }

    /** Key pairs carrying every one of {@code tags}. */
    List<KeyPairInfo> keysTagged(java.util.Map<String, String> tags) {
        return call("DescribeKeyPairs", () -> ec2.describeKeyPairs(r -> r.filters(tagFilters(tags)))).keyPairs();
    }

    private static List<Filter> tagFilters(java.util.Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> filter("tag:" + e.getKey(), e.getValue())).toList();
    }

    Ec2Client client() {
        return ec2;
    }

    /** The default VPC, where the security group goes so that RunInstances' default subnet can use it. */
    String defaultVpc() {
        return call("DescribeVpcs", () -> ec2.describeVpcs(r -> r.filters(filter("isDefault", "true")))).vpcs().stream()
                .map(Vpc::vpcId).findFirst()
                .orElseThrow(() -> new CloudFailure(Kind.NOT_CONFIGURED, "NoDefaultVpc", null));
    }

    /** Canonical's newest Ubuntu 22.04 image in this region. */
    String newestUbuntu() {
        return call("DescribeImages", () -> ec2.describeImages(r -> r.owners(LaunchSpec.UBUNTU_OWNER)
                        .filters(filter("name", LaunchSpec.UBUNTU_IMAGES)))).images().stream()
                .max(Comparator.comparing(Image::creationDate))
                .map(Image::imageId)
                .orElseThrow(() -> new CloudFailure(Kind.NOT_FOUND, "UbuntuImageNotFound", null));
    }

    /** The instance, or empty when EC2 does not know the id (any more). */
    Optional<Instance> describe(String instanceId) {
        try {
            return call("DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(instanceId))).reservations().stream()
                    .flatMap(r -> r.instances().stream()).findFirst();
        } catch (CloudFailure f) {
            if (f.kind() == Kind.NOT_FOUND) return Optional.empty();
            throw f;
        }
    }

    /**
     * Polls until the instance is in {@code target}. An instance that is shutting down or gone while waiting
     * for another state fails with its state-reason code; an unknown id is taken as "not visible yet"
     * (EC2 is eventually consistent just after RunInstances).
     */
    Instance waitFor(String instanceId, InstanceStateName target, Progress progress) throws InterruptedException {
        return await(instanceId, target, progress).orElseThrow();
    }

    /** Empty once EC2 no longer knows the id, which only ends a wait for {@code terminated}. */
    private Optional<Instance> await(String instanceId, InstanceStateName target, Progress progress)
            throws InterruptedException {
        boolean toTerminated = target == InstanceStateName.TERMINATED;
        long deadline = deadline();
        InstanceStateName last = null;
        while (true) {
            Thread.sleep(poll.toMillis());
            Optional<Instance> found = describe(instanceId);
            if (found.isEmpty() && toTerminated) return found;
            if (found.isPresent()) {
                Instance instance = found.get();
                InstanceStateName state = instance.state().name();
                if (state != last) progress.report("~ instance " + instanceId + " " + state);
                last = state;
                if (state == target) return found;
                boolean ending = state == InstanceStateName.SHUTTING_DOWN || state == InstanceStateName.TERMINATED;
                if (ending && !toTerminated) throw gone(instance);
            }
            if (System.nanoTime() - deadline > 0) throw new CloudFailure(Kind.SERVER, "WaitTimeout", null);
        }
    }

    /**
     * Terminates the instance and waits until EC2 says so; an id EC2 does not know is done already. A
     * persistent spot request would launch a replacement, so {@code spotRequestId} (null for on-demand) is
     * cancelled first.
     */
    void terminate(String instanceId, String spotRequestId, Progress progress) throws InterruptedException {
        if (spotRequestId != null) {
            call("CancelSpotInstanceRequests", () -> ec2.cancelSpotInstanceRequests(r -> r.spotInstanceRequestIds(spotRequestId)));
            progress.report("- spot request " + spotRequestId);
        }
        try {
            call("TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(instanceId)));
        } catch (CloudFailure f) {
            if (f.kind() == Kind.NOT_FOUND) return;
            throw f;
        }
        await(instanceId, InstanceStateName.TERMINATED, progress);
        progress.report("- instance " + instanceId);
    }

    /**
     * Deletes the security group. EC2 refuses (DependencyViolation) while a network interface still uses it,
     * which lasts a little beyond the instance's termination, so that is retried until the wait limit.
     */
    void deleteGroup(String groupId, Progress progress) throws InterruptedException {
        long deadline = deadline();
        boolean told = false;
        while (true) {
            try {
                call("DeleteSecurityGroup", () -> ec2.deleteSecurityGroup(r -> r.groupId(groupId)));
                progress.report("- security group " + groupId);
                return;
            } catch (CloudFailure f) {
                if (f.kind() == Kind.NOT_FOUND) return;
                if (!"DependencyViolation".equals(f.code()) || System.nanoTime() - deadline > 0) throw f;
            }
            if (!told) {
                told = true;
                long minutes = Math.max(1, (deadline - System.nanoTime()) / 60_000_000_000L);
                progress.report("~ security group " + groupId + " is still held by the ended instance's network interface;"
                        + " retrying every " + poll.toSeconds() + " s, for up to " + minutes + " min");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    void deleteKey(String keyName, Progress progress) {
        try {
            call("DeleteKeyPair", () -> ec2.deleteKeyPair(r -> r.keyName(keyName)));
            progress.report("- key pair " + keyName);
        } catch (CloudFailure f) {
            if (f.kind() != Kind.NOT_FOUND) throw f;
        }
    }

    private static CloudFailure gone(Instance instance) {
        String code = instance.stateReason() == null ? null : instance.stateReason().code();
        if (code == null) return new CloudFailure(Kind.SERVER, "InstanceTerminated", null);
        String bare = code.startsWith("Server.") || code.startsWith("Client.") ? code.substring(7) : code;
        return new CloudFailure(AwsErrors.kindOf(bare, 500), code, null);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
