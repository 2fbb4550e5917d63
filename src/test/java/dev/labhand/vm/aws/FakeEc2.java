package dev.labhand.vm.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An in-memory EC2 on 127.0.0.1 speaking the query API ({@code POST /}, form {@code Action=...&Version=2016-11-15},
 * XML answers), so the real SDK (signing, marshalling, XML parsing, retries) runs in tests. It keeps key pairs,
 * security groups, spot requests and instances, moves transient states on after a few DescribeInstances calls, and
 * behaves like EC2 where it matters to clean-up: a security group in use cannot be deleted, and terminating an
 * instance of a still-open persistent spot request launches a replacement. Unknown actions fail the test on close.
 */
public final class FakeEc2 implements AutoCloseable {
    static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final String DEFAULT_VPC = "vpc-0default";
    static final String NEWEST_UBUNTU = "ami-0jammy20260901";

    /** One request: its action, form parameters and Authorization header. */
    public record Call(String action, Map<String, String> params, String authorization) {
        public String get(String name) {
            return params.get(name);
        }
    }

    public record KeyPair(String name, String id, String material, Map<String, String> tags) {}

    public static final class Group {
        final String id;
        final String name;
        final String vpcId;
        final Map<String, String> tags;
        final List<String> ingress = new ArrayList<>();

        Group(String id, String name, String vpcId, Map<String, String> tags) {
            this.id = id;
            this.name = name;
            this.vpcId = vpcId;
            this.tags = tags;
        }

        public Map<String, String> tags() {
            return tags;
        }
    }

    public static final class Instance {
        final String id;
        final Map<String, String> launch;
        final Map<String, Map<String, String>> tags;
        String state = "pending";
        int describesLeft;
        String stateReason;
        String reason = "";
        String publicIp;
        String spotRequestId;
        String consoleOutput;
        String clientToken;

        Instance(String id, Map<String, String> launch, Map<String, Map<String, String>> tags) {
            this.id = id;
            this.launch = launch;
            this.tags = tags;
        }

        boolean spot() {
            return "spot".equals(launch.get("InstanceMarketOptions.MarketType"));
        }

        public String id() {
            return id;
        }

        public String state() {
            return state;
        }

        List<String> groups() {
            return indexed(launch, "SecurityGroupId");
        }
    }

    private record Failure(String code, int status, Integer retryAfter) {}

    private static final Map<String, Integer> STATE_CODES = Map.of("pending", 0, "running", 16, "shutting-down", 32,
            "terminated", 48, "stopping", 64, "stopped", 80);

    private final HttpServer server;
    private final int describesToSettle;
    private final List<Call> calls = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final Map<String, KeyPair> keyPairs = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, String> spotRequests = new LinkedHashMap<>();
    private final Map<String, Integer> lostAnswers = new HashMap<>();
    private final java.util.Set<String> hanging = new java.util.HashSet<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private int counter;
    private boolean keepPending;
    private String launchFailure;

    /** @param describesToSettle how many DescribeInstances calls a transient state (pending, stopping...) lasts */
    public FakeEc2(int describesToSettle) throws IOException {
        this.describesToSettle = describesToSettle;
        // without TCP_NODELAY each small answer waits for the client's delayed ACK (about 40 ms a call)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ---- test controls and inspection

    /**
     * Answers the next {@code times} calls to {@code action} with EC2 error {@code code} and HTTP {@code status}.
     * The SDK retries 5xx and throttling answers by itself, so a lasting server-side failure needs several.
     */
    public synchronized void failNext(String action, String code, int status, int times) {
        Deque<Failure> queue = failures.computeIfAbsent(action, a -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) queue.add(new Failure(code, status, null));
    }

    /** Throttles the next {@code times} calls to {@code action}: 503 RequestLimitExceeded with {@code Retry-After}. */
    public synchronized void throttle(String action, int times, int retryAfterSeconds) {
        Deque<Failure> queue = failures.computeIfAbsent(action, a -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) queue.add(new Failure("RequestLimitExceeded", 503, retryAfterSeconds));
    }

    /**
     * The next {@code times} calls to {@code action} are carried out, but their answers are lost: the connection
     * closes before any response, as when a network path drops after EC2 acted.
     */
    public synchronized void loseAnswers(String action, int times) {
        lostAnswers.merge(action, times, Integer::sum);
    }

    /** From now on calls to {@code action} are read and never answered (until the fake closes). */
    public synchronized void hang(String action) {
        hanging.add(action);
    }

    /** AWS takes a spot instance back: stopped, with {@code stateReason} (EC2 gives Server.SpotInstanceShutdown). */
    public synchronized void evict(String instanceId, String stateReason) {
        Instance i = instances.get(instanceId);
        i.state = "stopped";
        i.publicIp = null;
        i.stateReason = stateReason;
        i.reason = "Service initiated (2026-11-28 10:00:00 GMT)";
    }

    /** From now on launched instances stay pending, as when EC2 has no spot capacity to give. */
    synchronized void keepPending() {
        keepPending = true;
    }

    /** From now on launched instances end up terminated instead of running, with {@code stateReason}. */
    synchronized void launchesFail(String stateReason) {
        launchFailure = stateReason;
    }

    public synchronized void consoleOutput(String instanceId, String text) {
        instances.get(instanceId).consoleOutput = text;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).toList();
    }

    public synchronized Call last(String action) {
        List<Call> matching = calls(action);
        if (matching.isEmpty()) throw new AssertionError("no " + action + " call");
        return matching.get(matching.size() - 1);
    }

    public synchronized Map<String, KeyPair> keyPairs() {
        return Map.copyOf(keyPairs);
    }

    public synchronized Map<String, Group> groups() {
        return Map.copyOf(groups);
    }

    synchronized Instance instance(String id) {
        return instances.get(id);
    }

    /** Instances not yet terminated. */
    public synchronized List<Instance> liveInstances() {
        return instances.values().stream().filter(i -> !i.state.equals("terminated")).toList();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        synchronized (this) {
            if (!problems.isEmpty()) throw new AssertionError("FakeEc2 got requests it cannot answer: " + problems);
        }
    }

    // ---- protocol

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String action = params.getOrDefault("Action", "");
        boolean hangs;
        synchronized (this) {
            hangs = hanging.contains(action);
            if (hangs) calls.add(new Call(action, params, exchange.getRequestHeaders().getFirst("Authorization")));
        }
        if (hangs) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        respond(exchange, action, params);
    }

    private synchronized void respond(HttpExchange exchange, String action, Map<String, String> params) throws IOException {
        calls.add(new Call(action, params, exchange.getRequestHeaders().getFirst("Authorization")));
        Answer answer;
        Deque<Failure> queued = failures.get(action);
        if (!"POST".equals(exchange.getRequestMethod()) || !"2016-11-15".equals(params.get("Version"))) {
            problems.add(exchange.getRequestMethod() + " " + params);
            answer = error(400, "InvalidAction", "bad request");
        } else if (queued != null && !queued.isEmpty()) {
            Failure f = queued.poll();
            answer = error(f.status(), f.code(), "injected");
            if (f.retryAfter() != null) exchange.getResponseHeaders().set("Retry-After", f.retryAfter().toString());
        } else {
            answer = answer(action, params);
        }
        if (lostAnswers.getOrDefault(action, 0) > 0) {
            lostAnswers.merge(action, -1, Integer::sum);
            exchange.close(); // the work is done; without response headers this drops the connection

            return;
        }
        byte[] body = answer.xml().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private record Answer(int status, String xml) {}

    private Answer answer(String action, Map<String, String> p) {
        try {
            return switch (action) {
                case "DescribeVpcs" -> describeVpcs(p);
                case "DescribeImages" -> describeImages(p);
                case "ImportKeyPair" -> importKeyPair(p);
                case "CreateSecurityGroup" -> createSecurityGroup(p);
                case "AuthorizeSecurityGroupIngress" -> authorizeIngress(p);
                case "RunInstances" -> runInstances(p);
                case "DescribeInstances" -> describeInstances(p);
                case "DescribeSecurityGroups" -> describeSecurityGroups(p);
                case "DescribeKeyPairs" -> describeKeyPairs(p);
                case "StartInstances" -> changeState(p, action, this::start);
                case "StopInstances" -> changeState(p, action, this::stop);
                case "TerminateInstances" -> changeState(p, action, this::terminate);
                case "CancelSpotInstanceRequests" -> cancelSpotRequests(p);
                case "GetConsoleOutput" -> consoleOutput(p);
                case "DeleteSecurityGroup" -> deleteSecurityGroup(p);
                case "DeleteKeyPair" -> deleteKeyPair(p);
                default -> {
                    problems.add("unknown action " + action);
                    yield error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
                }
            };
        } catch (Ec2Error e) {
            return error(400, e.code, e.getMessage());
        }
    }

    private Answer describeVpcs(Map<String, String> p) {
        boolean onlyDefault = "isDefault".equals(p.get("Filter.1.Name")) && "true".equals(p.get("Filter.1.Value.1"));
        if (!onlyDefault) problems.add("DescribeVpcs without the isDefault filter: " + p);
        return ok("DescribeVpcs", "<vpcSet><item><vpcId>" + DEFAULT_VPC + "</vpcId><state>available</state>"
                + "<cidrBlock>172.31.0.0/16</cidrBlock><isDefault>true</isDefault></item></vpcSet>");
    }

    private Answer describeImages(Map<String, String> p) {
        String owner = p.get("Owner.1");
        Pattern name = glob(p.getOrDefault("Filter.1.Value.1", "*"));
        String[][] images = { // id, name, creation date: the newest match is not the last one listed
                {"ami-0jammy20260301", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20260301",
                        "2026-03-01T10:00:00.000Z"},
                {NEWEST_UBUNTU, "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20260901",
                        "2026-09-01T10:00:00.000Z"},
                {"ami-0jammy20260615", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20260615",
                        "2026-06-15T10:00:00.000Z"},
                {"ami-0jammyarm", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20261001",
                        "2026-10-01T10:00:00.000Z"},
                {"ami-0noble", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101",
                        "2026-11-01T10:00:00.000Z"}};
        StringBuilder set = new StringBuilder("<imagesSet>");
        for (String[] image : images) {
            if (!"099720109477".equals(owner) || !name.matcher(image[1]).matches()) continue;
            set.append("<item><imageId>").append(image[0]).append("</imageId><name>").append(image[1])
                    .append("</name><creationDate>").append(image[2]).append("</creationDate>")
                    .append("<imageOwnerId>099720109477</imageOwnerId><imageState>available</imageState>")
                    .append("<architecture>x86_64</architecture></item>");
        }
        return ok("DescribeImages", set.append("</imagesSet>").toString());
    }

    private Answer importKeyPair(Map<String, String> p) {
        String name = required(p, "KeyName");
        if (keyPairs.containsKey(name)) throw new Ec2Error("InvalidKeyPair.Duplicate", "The keypair already exists");
        String material = new String(Base64.getDecoder().decode(required(p, "PublicKeyMaterial")), StandardCharsets.UTF_8);
        KeyPair key = new KeyPair(name, "key-0" + next(), material, tagSpecs(p).getOrDefault("key-pair", Map.of()));
        keyPairs.put(name, key);
        return ok("ImportKeyPair", "<keyFingerprint>1f:51:ae:28</keyFingerprint><keyName>" + name
                + "</keyName><keyPairId>" + key.id() + "</keyPairId>");
    }

    private Answer createSecurityGroup(Map<String, String> p) {
        String name = required(p, "GroupName");
        String vpc = p.getOrDefault("VpcId", DEFAULT_VPC);
        if (groups.values().stream().anyMatch(g -> g.name.equals(name) && g.vpcId.equals(vpc))) {
            throw new Ec2Error("InvalidGroup.Duplicate", "The security group '" + name + "' already exists");
        }
        Group group = new Group("sg-0" + next(), name, vpc, tagSpecs(p).getOrDefault("security-group", Map.of()));
        groups.put(group.id, group);
        return ok("CreateSecurityGroup", "<return>true</return><groupId>" + group.id + "</groupId>");
    }

    private Answer authorizeIngress(Map<String, String> p) {
        Group group = group(required(p, "GroupId"));
        for (int i = 1; p.containsKey("IpPermissions." + i + ".IpProtocol"); i++) {
            String prefix = "IpPermissions." + i + ".";
            String ports = p.get(prefix + "IpProtocol") + " " + p.get(prefix + "FromPort") + "-" + p.get(prefix + "ToPort");
            indexed(p, prefix + "IpRanges", ".CidrIp").forEach(cidr -> group.ingress.add(ports + " " + cidr));
            indexed(p, prefix + "Ipv6Ranges", ".CidrIpv6").forEach(cidr -> group.ingress.add(ports + " " + cidr));
        }
        return ok("AuthorizeSecurityGroupIngress", "<return>true</return>");
    }

    private Answer runInstances(Map<String, String> p) {
        if (!"1".equals(p.get("MinCount")) || !"1".equals(p.get("MaxCount"))) problems.add("RunInstances counts " + p);
        if (!keyPairs.containsKey(required(p, "KeyName"))) throw new Ec2Error("InvalidKeyPair.NotFound", "no key");
        indexed(p, "SecurityGroupId").forEach(this::group);
        String image = required(p, "ImageId");
        if (!image.startsWith("ami-")) throw new Ec2Error("InvalidAMIID.Malformed", "Invalid id");
        String token = p.get("ClientToken");
        Instance earlier = token == null ? null
                : instances.values().stream().filter(i -> token.equals(i.clientToken)).findFirst().orElse(null);
        Instance instance = earlier != null ? earlier : launch(new TreeMap<>(p), tagSpecs(p), null);
        instance.clientToken = token;
        return ok("RunInstances", "<reservationId>r-0" + next() + "</reservationId><ownerId>123456789012</ownerId>"
                + "<groupSet/><instancesSet>" + item(instance) + "</instancesSet>");
    }

    /** @param spotRequestId the persistent spot request relaunching an instance, or null for a new launch */
    private Instance launch(Map<String, String> launch, Map<String, Map<String, String>> tags, String spotRequestId) {
        Instance instance = new Instance("i-0" + next(), launch, tags);
        instance.describesLeft = describesToSettle;
        if (instance.spot()) {
            instance.spotRequestId = spotRequestId != null ? spotRequestId : "sir-0" + next();
            spotRequests.put(instance.spotRequestId, "active");
        }
        instances.put(instance.id, instance);
        return instance;
    }

    private Answer describeInstances(Map<String, String> p) {
        List<String> ids = indexed(p, "InstanceId");
        for (String id : ids) if (!instances.containsKey(id)) throw notFound(id);
        StringBuilder set = new StringBuilder("<reservationSet>");
        Map<String, List<String>> filters = filters(p);
        for (Instance instance : instances.values()) {
            if (!ids.isEmpty() && !ids.contains(instance.id)) continue;
            Map<String, String> fields = new HashMap<>();
            if (instance.clientToken != null) fields.put("client-token", instance.clientToken);
            fields.put("instance-state-name", instance.state);
            if (!matches(filters, fields, instance.tags.getOrDefault("instance", Map.of()))) continue;
            settle(instance);
            set.append("<item><reservationId>r-0").append(instance.id.substring(3)).append("</reservationId>")
                    .append("<ownerId>123456789012</ownerId><groupSet/><instancesSet>").append(item(instance))
                    .append("</instancesSet></item>");
        }
        return ok("DescribeInstances", set.append("</reservationSet>").toString());
    }

    private Answer describeSecurityGroups(Map<String, String> p) {
        Map<String, List<String>> filters = filters(p);
        StringBuilder set = new StringBuilder("<securityGroupInfo>");
        for (Group g : groups.values()) {
            if (!matches(filters, Map.of("group-name", g.name, "group-id", g.id, "vpc-id", g.vpcId), g.tags)) continue;
            set.append("<item>").append(el("ownerId", "123456789012")).append(el("groupId", g.id))
                    .append(el("groupName", g.name)).append(el("groupDescription", "labhand")).append(el("vpcId", g.vpcId))
                    .append(tagSet(g.tags)).append("</item>");
        }
        return ok("DescribeSecurityGroups", set.append("</securityGroupInfo>").toString());
    }

    private Answer describeKeyPairs(Map<String, String> p) {
        Map<String, List<String>> filters = filters(p);
        StringBuilder set = new StringBuilder("<keySet>");
        for (KeyPair k : keyPairs.values()) {
            if (!matches(filters, Map.of("key-name", k.name(), "key-pair-id", k.id()), k.tags())) continue;
            set.append("<item>").append(el("keyPairId", k.id())).append(el("keyName", k.name()))
                    .append(el("keyFingerprint", "1f:51:ae:28")).append(tagSet(k.tags())).append("</item>");
        }
        return ok("DescribeKeyPairs", set.append("</keySet>").toString());
    }

    /** {@code Filter.N.Name} with its {@code Value.M}s. */
    private Map<String, List<String>> filters(Map<String, String> p) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int i = 1; p.containsKey("Filter." + i + ".Name"); i++) {
            filters.put(p.get("Filter." + i + ".Name"), indexed(p, "Filter." + i + ".Value"));
        }
        return filters;
    }

    /** EC2's rule: every filter must match one of its values; {@code tag:K} looks at the tags. Unknown names are problems. */
    private boolean matches(Map<String, List<String>> filters, Map<String, String> fields, Map<String, String> tags) {
        for (var f : filters.entrySet()) {
            String value;
            if (f.getKey().startsWith("tag:")) {
                value = tags.get(f.getKey().substring(4));
            } else if (fields.containsKey(f.getKey()) || f.getKey().equals("client-token")) {
                value = fields.get(f.getKey());
            } else {
                problems.add("unknown filter " + f.getKey());
                return false;
            }
            if (value == null || !f.getValue().contains(value)) return false;
        }
        return true;
    }

    private static String tagSet(Map<String, String> tags) {
        StringBuilder x = new StringBuilder("<tagSet>");
        tags.forEach((k, v) -> x.append("<item>").append(el("key", k)).append(el("value", v)).append("</item>"));
        return x.append("</tagSet>").toString();
    }

    /** Transient states end after {@code describesToSettle} looks, as EC2's do after a while. */
    private void settle(Instance instance) {
        if (!List.of("pending", "stopping", "shutting-down").contains(instance.state)) return;
        if (keepPending && instance.state.equals("pending")) return;
        if (--instance.describesLeft > 0) return;
        switch (instance.state) {
            case "pending" -> {
                if (launchFailure != null) {
                    instance.state = "terminated";
                    instance.stateReason = launchFailure;
                    return;
                }
                instance.state = "running";
                instance.publicIp = "127.0.0." + (10 + instances.size()); // loopback: an SSH attempt by mistake stays on this machine
            }
            case "stopping" -> instance.state = "stopped";
            default -> {
                instance.state = "terminated";
                instance.stateReason = "Client.UserInitiatedShutdown";
            }
        }
    }

    private Answer changeState(Map<String, String> p, String action, Consumer<Instance> change) {
        StringBuilder set = new StringBuilder("<instancesSet>");
        for (String id : indexed(p, "InstanceId")) {
            Instance instance = instances.get(id);
            if (instance == null) throw notFound(id);
            String before = instance.state;
            change.accept(instance);
            set.append("<item><instanceId>").append(id).append("</instanceId>").append(state("currentState", instance.state))
                    .append(state("previousState", before)).append("</item>");
        }
        return ok(action, set.append("</instancesSet>").toString());
    }

    /** Someone starts the instance without Labhand (the AWS console): it is running from the next describe. */
    public synchronized void startOutside(String instanceId) {
        Instance i = instances.get(instanceId);
        i.state = "running";
        i.stateReason = null;
        i.reason = "";
        i.publicIp = "127.0.0.99";
    }

    /** Someone terminates the instance without Labhand: EC2 no longer knows it. */
    public synchronized void terminateOutside(String instanceId) {
        instances.remove(instanceId);
    }

    private void start(Instance i) {
        if (i.state.equals("stopped")) {
            transition(i, "pending");
            i.stateReason = null;
            i.reason = "";
        } else if (!i.state.equals("pending") && !i.state.equals("running")) {
            throw new Ec2Error("IncorrectInstanceState", "The instance '" + i.id + "' cannot be started now.");
        }
    }

    private void stop(Instance i) {
        if (i.state.equals("running") || i.state.equals("pending")) {
            transition(i, "stopping");
            i.publicIp = null;
            i.stateReason = "Client.UserInitiatedShutdown";
            i.reason = "User initiated (2026-11-28 10:00:00 GMT)";
        } else if (!i.state.equals("stopping") && !i.state.equals("stopped")) {
            throw new Ec2Error("IncorrectInstanceState", "The instance '" + i.id + "' cannot be stopped now.");
        }
    }

    private void terminate(Instance i) {
        if (i.state.equals("terminated") || i.state.equals("shutting-down")) return;
        transition(i, "shutting-down");
        i.publicIp = null;
        i.reason = "User initiated (2026-11-28 10:00:00 GMT)";
        if (i.spotRequestId != null && !"cancelled".equals(spotRequests.get(i.spotRequestId))) {
            launch(i.launch, i.tags, i.spotRequestId);
        }
    }

    private void transition(Instance i, String state) {
        i.state = state;
        i.describesLeft = describesToSettle;
    }

    private Answer cancelSpotRequests(Map<String, String> p) {
        StringBuilder set = new StringBuilder("<spotInstanceRequestSet>");
        for (String id : indexed(p, "SpotInstanceRequestId")) {
            if (!spotRequests.containsKey(id)) throw new Ec2Error("InvalidSpotInstanceRequestID.NotFound", "no request");
            spotRequests.put(id, "cancelled");
            set.append("<item>").append(el("spotInstanceRequestId", id)).append(el("state", "cancelled")).append("</item>");
        }
        return ok("CancelSpotInstanceRequests", set.append("</spotInstanceRequestSet>").toString());
    }

    private Answer consoleOutput(Map<String, String> p) {
        Instance instance = instances.get(required(p, "InstanceId"));
        if (instance == null) throw notFound(p.get("InstanceId"));
        String output = instance.consoleOutput == null ? "" // EC2 leaves it out until the VM has written something
                : el("output", Base64.getEncoder().encodeToString(instance.consoleOutput.getBytes(StandardCharsets.UTF_8)));
        return ok("GetConsoleOutput", el("instanceId", instance.id) + el("timestamp", "2026-11-28T10:00:00.000Z") + output);
    }

    private Answer deleteSecurityGroup(Map<String, String> p) {
        Group group = group(required(p, "GroupId"));
        boolean inUse = instances.values().stream()
                .anyMatch(i -> !i.state.equals("terminated") && i.groups().contains(group.id));
        if (inUse) throw new Ec2Error("DependencyViolation", "resource " + group.id + " has a dependent object");
        groups.remove(group.id);
        return ok("DeleteSecurityGroup", "<return>true</return><groupId>" + group.id + "</groupId>");
    }

    /** EC2 answers true for a key name it does not know, too. */
    private Answer deleteKeyPair(Map<String, String> p) {
        KeyPair removed = keyPairs.remove(required(p, "KeyName"));
        return ok("DeleteKeyPair", "<return>true</return>" + (removed == null ? "" : el("keyPairId", removed.id())));
    }

    // ---- XML

    private String item(Instance i) {
        StringBuilder x = new StringBuilder("<item>");
        x.append(el("instanceId", i.id)).append(el("imageId", i.launch.get("ImageId")))
                .append(state("instanceState", i.state))
                .append(el("privateDnsName", "ip-172-31-0-9.ec2.internal"))
                .append(el("reason", i.reason))
                .append(el("keyName", i.launch.get("KeyName"))).append(el("amiLaunchIndex", "0"))
                .append(el("instanceType", i.launch.get("InstanceType")))
                .append(el("launchTime", "2026-11-28T10:00:00.000Z"))
                .append("<placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>")
                .append("<monitoring><state>disabled</state></monitoring>")
                .append(el("subnetId", "subnet-0default")).append(el("vpcId", DEFAULT_VPC))
                .append(el("privateIpAddress", "172.31.0.9")); // shape only: Labhand connects to ipAddress (loopback here)
        if (i.publicIp != null) x.append(el("ipAddress", i.publicIp));
        x.append("<groupSet>");
        i.groups().forEach(g -> x.append("<item>").append(el("groupId", g)).append("</item>"));
        x.append("</groupSet><architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType>")
                .append(el("rootDeviceName", "/dev/sda1"));
        if (i.clientToken != null) x.append(el("clientToken", i.clientToken));
        if (i.spot()) x.append(el("instanceLifecycle", "spot")).append(el("spotInstanceRequestId", i.spotRequestId));
        if (i.stateReason != null) {
            x.append("<stateReason>").append(el("code", i.stateReason)).append(el("message", i.stateReason + ": details"))
                    .append("</stateReason>");
        }
        x.append("<tagSet>");
        i.tags.getOrDefault("instance", Map.of())
                .forEach((k, v) -> x.append("<item>").append(el("key", k)).append(el("value", v)).append("</item>"));
        return x.append("</tagSet></item>").toString();
    }

    private static String state(String element, String name) {
        return "<" + element + "><code>" + STATE_CODES.get(name) + "</code><name>" + name + "</name></" + element + ">";
    }

    private static Answer ok(String action, String body) {
        return new Answer(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + NS + "\">"
                + "<requestId>59dbff89-35bd-4eac-99ed-be587example</requestId>" + body + "</" + action + "Response>");
    }

    private static Answer error(int status, String code, String message) {
        return new Answer(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                + "</Code><Message>" + escape(message) + "</Message></Error></Errors>"
                + "<RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>");
    }

    private static String el(String name, String value) {
        return "<" + name + ">" + escape(value) + "</" + name + ">";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---- form parameters

    private static Map<String, String> form(String body) {
        Map<String, String> params = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** {@code Name.1}, {@code Name.2}, ... in order. */
    static List<String> indexed(Map<String, String> p, String name) {
        return indexed(p, name, "");
    }

    private static List<String> indexed(Map<String, String> p, String name, String suffix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; p.containsKey(name + "." + i + suffix); i++) values.add(p.get(name + "." + i + suffix));
        return values;
    }

    /** {@code TagSpecification.N.ResourceType} and its {@code Tag.M.Key/Value}, by resource type. */
    static Map<String, Map<String, String>> tagSpecs(Map<String, String> p) {
        Map<String, Map<String, String>> specs = new HashMap<>();
        for (int i = 1; p.containsKey("TagSpecification." + i + ".ResourceType"); i++) {
            String prefix = "TagSpecification." + i + ".Tag.";
            Map<String, String> tags = new TreeMap<>();
            for (int t = 1; p.containsKey(prefix + t + ".Key"); t++) {
                tags.put(p.get(prefix + t + ".Key"), p.get(prefix + t + ".Value"));
            }
            specs.put(p.get("TagSpecification." + i + ".ResourceType"), tags);
        }
        return specs;
    }

    private static Pattern glob(String glob) {
        return Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q"));
    }

    private Group group(String id) {
        Group group = groups.get(id);
        if (group == null) throw new Ec2Error("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
        return group;
    }

    private static Ec2Error notFound(String instanceId) {
        return new Ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + instanceId + "' does not exist");
    }

    private String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null) throw new Ec2Error("MissingParameter", "The request must contain the parameter " + name);
        return value;
    }

    private String next() {
        return String.format("%016x", 0xabc000L + ++counter);
    }

    private static final class Ec2Error extends RuntimeException {
        final String code;

        Ec2Error(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
