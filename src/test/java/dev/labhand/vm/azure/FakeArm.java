package dev.labhand.vm.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A loopback Azure Resource Manager for the real SDK client: resource groups and the network, compute and
 * disk resources {@link AzureVmProvider} makes, held in memory, with ARM's long-running operation protocol
 * (201/202 plus {@code Azure-AsyncOperation} or {@code Location}, one "InProgress" poll, then the outcome).
 * It records every request, can answer chosen requests with errors, and answers anything it does not know
 * with 400 {@code FakeArmUnknownRequest}, printing it, so a new SDK call shows up instead of passing quietly.
 *
 * <p>The client it builds talks to {@code https://localhost:1234/} (the SDK refuses bearer tokens over
 * http) through an {@link HttpClient} that sends every request to {@code http://127.0.0.1:<port>}.
 */
public final class FakeArm implements AutoCloseable {
    static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000a2";
    private static final String ENDPOINT = "https://localhost:1234/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern GROUP = Pattern.compile("/subscriptions/[^/]+/resourcegroups/([^/]+)");
    private static final Pattern RESOURCE = Pattern.compile(GROUP.pattern() + "/providers/([^/]+/[^/]+)/([^/]+)");
    private static final Pattern VM_ACTION = Pattern.compile(
            GROUP.pattern() + "/providers/microsoft\\.compute/virtualmachines/([^/]+)/(start|poweroff|deallocate|runcommand|instanceview)");
    private static final Pattern OPERATION = Pattern.compile("/fakeoperations/([^/]+)(/result)?");

    /** One request as it arrived. */
    public record Call(String method, String path, String query, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An injected answer: an error status, or (with {@code lro}) an operation that ends Failed. */
    private static final class Rule {
        final String method;
        final Pattern path;
        final int status;
        final String code;
        final Integer retryAfter;
        final boolean lro;
        /** Negative: every time. */
        int remaining;

        Rule(String method, Pattern path, int status, String code, Integer retryAfter, boolean lro, int remaining) {
            this.method = method;
            this.path = path;
            this.status = status;
            this.code = code;
            this.retryAfter = retryAfter;
            this.lro = lro;
            this.remaining = remaining;
        }

        boolean take(String m, String p) {
            if (remaining == 0 || !method.equalsIgnoreCase(m) || !path.matcher(p).find()) return false;
            if (remaining > 0) remaining--;
            return true;
        }
    }

    private static final class Operation {
        final String error;
        final JsonNode result;
        int polls;

        Operation(String error, JsonNode result) {
            this.error = error;
            this.result = result;
        }

        boolean done() {
            return ++polls > 1;
        }
    }

    private final HttpServer server;
    /** Where operation URLs point: the rewritten https name, or this fake's own http address when used directly. */
    private volatile String base = ENDPOINT;
    private final List<Pattern> hanging = new ArrayList<>();
    private final Map<Pattern, Integer> lostAnswers = new LinkedHashMap<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Call> calls = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    /** By lower-case id; groups and resources alike. */
    private final Map<String, ObjectNode> resources = new LinkedHashMap<>();
    private final Map<String, String> power = new HashMap<>();
    private final Map<String, Operation> operations = new HashMap<>();
    private String runCommandOutput = "";
    private int addresses;

    private FakeArm() throws IOException {
        // without it each small response waits on Nagle and delayed ACKs: about 40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeArm start() {
        try {
            return new FakeArm();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The subscription and the cloud whose endpoints are this fake's (https://localhost, rewritten to loopback). */
    public AzureProfile profile() {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", ENDPOINT);
        endpoints.put("managementEndpointUrl", ENDPOINT);
        return new AzureProfile(null, SUBSCRIPTION, new AzureEnvironment(endpoints));
    }

    /** A real pipeline (token, ARM's retries, logging), wired to this fake only. */
    public HttpPipeline pipeline() {
        return pipeline(null);
    }

    /** The same, with the SDK's retries replaced (null keeps ARM's default: three, honouring Retry-After). */
    HttpPipeline pipeline(RetryOptions retries) {
        TokenCredential token = request -> Mono.just(new AccessToken("fake-token", OffsetDateTime.now().plusHours(1)));
        return HttpPipelineProvider.buildHttpPipeline(token, profile(), null, new HttpLogOptions(), null,
                retries == null ? null : new RetryPolicy(retries), new ArrayList<>(), loopback());
    }

    /** The provider under test, talking to this fake. */
    public AzureVmProvider provider(Duration pollInterval) {
        return new AzureVmProvider(pipeline(), profile(), pollInterval);
    }

    // ---- what tests set up

    /** The next matching request (path regex, case-insensitive) gets 429 with {@code Retry-After}. */
    synchronized void throttleOnce(String method, String path, int retryAfterSeconds) {
        rules.add(new Rule(method, regex(path), 429, "SubscriptionRequestsThrottled", retryAfterSeconds, false, 1));
    }

    /** The next {@code times} matching requests get 429 with {@code Retry-After}: more than the SDK's own retries. */
    synchronized void throttle(String method, String path, int retryAfterSeconds, int times) {
        rules.add(new Rule(method, regex(path), 429, "SubscriptionRequestsThrottled", retryAfterSeconds, false, times));
    }

    /** Every matching request gets {@code status} with an ARM error body ({@code Retry-After: 0}, so SDK retries are quick). */
    public synchronized void fail(String method, String path, int status, String code) {
        rules.add(new Rule(method, regex(path), status, code, 0, false, -1));
    }

    /** Every injected failure is lifted: ARM answers normally again. */
    public synchronized void heal() {
        rules.clear();
    }

    /** Matching requests are accepted, but their long-running operation ends Failed with {@code code}. */
    synchronized void failOperation(String method, String path, String code) {
        rules.add(new Rule(method, regex(path), 0, code, null, true, -1));
    }

    public synchronized void powerState(String group, String vm, String state) {
        power.put(vmId(group, vm), state);
    }

    /** What the next run-commands print on stdout. */
    public synchronized void runCommandOutput(String stdout) {
        runCommandOutput = stdout;
    }

    // ---- what tests look at

    public synchronized List<Call> calls(String method, String path) {
        Pattern p = regex(path);
        return calls.stream().filter(c -> c.method().equalsIgnoreCase(method) && p.matcher(c.path()).find()).toList();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Requests the fake had no route for; a test ending with any of them is testing the wrong thing. */
    public synchronized List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** The ids of everything that exists now, groups included, as the SDK wrote them. */
    public synchronized List<String> resourceIds() {
        return resources.values().stream().map(r -> r.get("id").asText()).toList();
    }

    public synchronized JsonNode resource(String id) {
        ObjectNode r = resources.get(id.toLowerCase());
        return r == null ? null : r.deepCopy();
    }

    /**
     * This fake's own address ({@code http://127.0.0.1:<port>/}), for a client configured with it as ARM's endpoint
     * the way an operator would (vm.azure.endpoint); operation URLs then point here too.
     */
    public String directUrl() {
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        return base;
    }

    /** The next {@code times} matching requests are carried out, but the connection drops before any answer. */
    synchronized void loseAnswers(String method, String path, int times) {
        lostAnswers.put(Pattern.compile(method + " .*" + path, Pattern.CASE_INSENSITIVE), times);
    }

    /** From now on matching requests ({@code METHOD path-regex}) are read and never answered. */
    synchronized void hang(String method, String path) {
        hanging.add(Pattern.compile(method + " .*" + path, Pattern.CASE_INSENSITIVE));
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the server

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean hangs;
            synchronized (this) {
                hangs = hanging.stream().anyMatch(p -> p.matcher(method + " " + path).find());
                if (hangs) calls.add(new Call(method, path, query, body));
            }
            if (hangs) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            Reply reply;
            boolean lost = false;
            synchronized (this) {
                calls.add(new Call(method, path, query, body));
                try {
                    reply = answer(method, path, query, body);
                } catch (RuntimeException e) {
                    e.printStackTrace();
                    reply = unknown(method, path + " (" + e + ")");
                }
                for (var e : lostAnswers.entrySet()) {
                    if (e.getValue() > 0 && e.getKey().matcher(method + " " + path).find()) {
                        e.setValue(e.getValue() - 1);
                        lost = true;
                        break;
                    }
                }
            }
            if (lost) return; // done, but the connection closes without an answer
            reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] bytes = reply.body == null ? new byte[0] : reply.body.toString().getBytes(StandardCharsets.UTF_8);
            if (reply.body != null) ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) ex.getResponseBody().write(bytes);
        } finally {
            ex.close();
        }
    }

    private record Reply(int status, JsonNode body, Map<String, String> headers) {
        static Reply of(int status, JsonNode body) {
            return new Reply(status, body, new LinkedHashMap<>());
        }

        Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    private Reply answer(String method, String path, String query, String body) {
        String lower = path.toLowerCase();
        Rule rule = null;
        for (Rule r : rules) {
            if (r.take(method, lower)) {
                rule = r;
                break;
            }
        }
        if (rule != null && !rule.lro) {
            Reply error = error(rule.status, rule.code);
            return rule.retryAfter == null ? error : error.header("Retry-After", String.valueOf(rule.retryAfter));
        }
        String lroError = rule == null ? null : rule.code;
        Matcher m;
        if ((m = OPERATION.matcher(lower)).matches() && method.equals("GET")) return poll(m.group(1), m.group(2) != null);
        if ((m = VM_ACTION.matcher(lower)).matches()) return vmAction(method, m.group(1), m.group(2), m.group(3));
        if ((m = RESOURCE.matcher(lower)).matches()) return resource(method, path, query, body, lroError);
        if ((m = GROUP.matcher(lower)).matches()) return group(method, path, m.group(1), body);
        return unknown(method, path + (query == null ? "" : "?" + query));
    }

    private Reply group(String method, String path, String name, String body) {
        String id = path.toLowerCase();
        ObjectNode existing = resources.get(id);
        switch (method) {
            case "HEAD":
                return Reply.of(existing == null ? 404 : 204, null);
            case "GET":
                return existing == null ? error(404, "ResourceGroupNotFound") : Reply.of(200, existing);
            case "PUT": {
                ObjectNode group = parse(body);
                group.put("id", path).put("name", name).put("type", "Microsoft.Resources/resourceGroups");
                group.putObject("properties").put("provisioningState", "Succeeded");
                resources.put(id, group);
                return Reply.of(existing == null ? 201 : 200, group);
            }
            case "DELETE": {
                if (existing == null) return error(404, "ResourceGroupNotFound");
                resources.keySet().removeIf(k -> k.equals(id) || k.startsWith(id + "/"));
                power.keySet().removeIf(k -> k.startsWith(id + "/"));
                return Reply.of(202, null).header("Location", operation(null, null, true));
            }
            default:
                return unknown(method, path);
        }
    }

    private Reply resource(String method, String path, String query, String body, String lroError) {
        String id = path.toLowerCase();
        if (!resources.containsKey(id.substring(0, id.indexOf("/providers/")))) return error(404, "ResourceGroupNotFound");
        ObjectNode existing = resources.get(id);
        switch (method) {
            case "GET": {
                if (existing == null) return error(404, "ResourceNotFound");
                ObjectNode copy = existing.deepCopy();
                if (query != null && query.contains("$expand=instanceView")) {
                    ((ObjectNode) copy.get("properties")).set("instanceView", instanceView(id));
                }
                return Reply.of(200, copy);
            }
            case "PUT": {
                ObjectNode created = parse(body);
                String[] parts = path.split("/");
                created.put("id", path).put("name", parts[parts.length - 1])
                        .put("type", parts[parts.length - 3] + "/" + parts[parts.length - 2]);
                ObjectNode props = created.has("properties") ? (ObjectNode) created.get("properties") : created.putObject("properties");
                props.put("provisioningState", lroError == null ? "Succeeded" : "Failed");
                enrich(created, id);
                resources.put(id, created);
                if (created.get("type").asText().equalsIgnoreCase("Microsoft.Storage/storageAccounts")) {
                    // the storage provider answers a create with 202 and a Location to poll for the account
                    return Reply.of(existing == null ? 202 : 200, existing == null ? null : created)
                            .header("Location", operation(lroError, created, true));
                }
                ObjectNode accepted = created.deepCopy(); // as ARM answers a PUT: still in progress
                ((ObjectNode) accepted.get("properties")).put("provisioningState", existing == null ? "Creating" : "Updating");
                return Reply.of(existing == null ? 201 : 200, accepted)
                        .header("Azure-AsyncOperation", operation(lroError, null, false));
            }
            case "PATCH": {
                if (existing == null) return error(404, "ResourceNotFound");
                JsonNode patch = parse(body);
                if (patch.has("tags")) existing.set("tags", patch.get("tags"));
                return Reply.of(202, null).header("Azure-AsyncOperation", operation(lroError, null, false));
            }
            default:
                return unknown(method, path);
        }
    }

    /** What ARM fills in itself: ids of child objects, the address, the VM's id and its OS disk. */
    private void enrich(ObjectNode resource, String id) {
        ObjectNode props = (ObjectNode) resource.get("properties");
        String type = resource.get("type").asText().toLowerCase();
        String path = resource.get("id").asText();
        switch (type) {
            case "microsoft.network/virtualnetworks" -> childIds(props, "subnets", path);
            case "microsoft.network/networksecuritygroups" -> childIds(props, "securityRules", path);
            case "microsoft.network/networkinterfaces" -> childIds(props, "ipConfigurations", path);
            case "microsoft.network/publicipaddresses" -> props.put("ipAddress", "127.0.1." + (++addresses));
            case "microsoft.compute/virtualmachines" -> {
                props.put("vmId", UUID.randomUUID().toString());
                JsonNode os = props.path("osProfile");
                if (os instanceof ObjectNode o) o.remove("customData"); // write-only, as in ARM
                ObjectNode disk = (ObjectNode) props.path("storageProfile").path("osDisk");
                String diskId = path.substring(0, path.indexOf("/providers/")) + "/providers/Microsoft.Compute/disks/"
                        + disk.path("name").asText();
                disk.withObjectProperty("managedDisk").put("id", diskId);
                ObjectNode diskResource = JSON.createObjectNode().put("id", diskId).put("name", disk.path("name").asText())
                        .put("type", "Microsoft.Compute/disks").put("location", resource.path("location").asText());
                diskResource.putObject("properties").put("diskSizeGB", disk.path("diskSizeGB").asInt())
                        .put("provisioningState", "Succeeded");
                resources.put(diskId.toLowerCase(), diskResource);
                power.put(id, "running");
            }
            default -> { }
        }
    }

    private static void childIds(ObjectNode props, String field, String parentId) {
        if (!(props.get(field) instanceof ArrayNode children)) return;
        for (JsonNode child : children) {
            ObjectNode c = (ObjectNode) child;
            c.put("id", parentId + "/" + field + "/" + c.path("name").asText());
            c.withObjectProperty("properties").put("provisioningState", "Succeeded");
        }
    }

    private Reply vmAction(String method, String group, String vm, String action) {
        String id = vmId(group, vm);
        if (!resources.containsKey(id)) return error(404, "ResourceNotFound");
        if (action.equals("instanceview")) {
            return method.equals("GET") ? Reply.of(200, instanceView(id)) : unknown(method, id + "/instanceView");
        }
        if (!method.equals("POST")) return unknown(method, id + "/" + action);
        JsonNode result = null;
        switch (action) {
            case "start" -> power.put(id, "running");
            case "poweroff" -> power.put(id, "stopped");
            case "deallocate" -> power.put(id, "deallocated");
            default -> {
                if (!"running".equals(power.get(id))) return error(409, "Conflict");
                ObjectNode out = JSON.createObjectNode();
                ArrayNode value = out.putArray("value");
                value.addObject().put("code", "ComponentStatus/StdOut/succeeded").put("level", "Info")
                        .put("displayStatus", "Provisioning succeeded").put("message", runCommandOutput);
                value.addObject().put("code", "ComponentStatus/StdErr/succeeded").put("level", "Info")
                        .put("displayStatus", "Provisioning succeeded").put("message", "");
                result = out;
            }
        }
        String op = operation(null, result, false);
        return Reply.of(202, null).header("Azure-AsyncOperation", op).header("Location", op + "/result");
    }

    private JsonNode instanceView(String vmId) {
        ObjectNode view = JSON.createObjectNode();
        ArrayNode statuses = view.putArray("statuses");
        statuses.addObject().put("code", "ProvisioningState/succeeded").put("level", "Info")
                .put("displayStatus", "Provisioning succeeded");
        String state = power.getOrDefault(vmId, "running");
        statuses.addObject().put("code", "PowerState/" + state).put("level", "Info").put("displayStatus", "VM " + state);
        return view;
    }

    /** Starts an operation; returns the URL to poll (the status URL, or with {@code locationOnly} the result URL). */
    private String operation(String error, JsonNode result, boolean locationOnly) {
        String opId = UUID.randomUUID().toString();
        operations.put(opId, new Operation(error, result));
        return base + "fakeOperations/" + opId + (locationOnly ? "/result" : "");
    }

    private Reply poll(String opId, boolean result) {
        Operation op = operations.get(opId);
        if (op == null) return error(404, "OperationNotFound");
        boolean done = op.done();
        if (result) {
            return done ? Reply.of(200, op.result) : Reply.of(202, null).header("Location", base + "fakeOperations/" + opId + "/result");
        }
        ObjectNode status = JSON.createObjectNode().put("status", !done ? "InProgress" : op.error == null ? "Succeeded" : "Failed");
        if (done && op.error != null) status.putObject("error").put("code", op.error).put("message", "fake " + op.error);
        return Reply.of(200, status);
    }

    private Reply unknown(String method, String path) {
        unexpected.add(method + " " + path);
        System.err.println("FakeArm: no route for " + method + " " + path);
        return error(400, "FakeArmUnknownRequest");
    }

    private static Reply error(int status, String code) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", "fake " + code);
        return Reply.of(status, body);
    }

    private static String vmId(String group, String vm) {
        return ("/subscriptions/" + SUBSCRIPTION + "/resourcegroups/" + group
                + "/providers/microsoft.compute/virtualmachines/" + vm).toLowerCase();
    }

    private static ObjectNode parse(String body) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pattern regex(String path) {
        return Pattern.compile(path, Pattern.CASE_INSENSITIVE);
    }

    /**
     * The SDK's own HTTP client, with every request sent to this fake over plain http. The response keeps
     * the original https request: the SDK takes a long-running operation's final URL from it.
     */
    private HttpClient loopback() {
        HttpClient real = HttpClient.createDefault();
        int port = server.getAddress().getPort();
        return new HttpClient() {
            @Override
            public Mono<HttpResponse> send(HttpRequest request) {
                return send(request, Context.NONE);
            }

            @Override
            public Mono<HttpResponse> send(HttpRequest request, Context context) {
                return real.send(toLoopback(request, port), context).map(r -> new AsSent(request, r));
            }
        };
    }

    /** A copy: the SDK retries with the same request object, which must keep its https URL. */
    private static HttpRequest toLoopback(HttpRequest request, int port) {
        try {
            return request.copy().setUrl(new URL("http", "127.0.0.1", port, request.getUrl().getFile()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fake's answer, as the answer to the request the SDK made. */
    private static final class AsSent extends HttpResponse {
        private final HttpResponse received;

        AsSent(HttpRequest sent, HttpResponse received) {
            super(sent);
            this.received = received;
        }

        @Override
        public int getStatusCode() {
            return received.getStatusCode();
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return received.getHeaders().getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return received.getHeaders();
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return received.getBody();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return received.getBodyAsByteArray();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return received.getBodyAsString();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return received.getBodyAsString(charset);
        }

        @Override
        public void close() {
            received.close();
        }
    }
}
