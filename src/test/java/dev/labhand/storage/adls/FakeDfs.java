package dev.labhand.storage.adls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback ADLS Gen2 account for the real Data Lake client (Azurite serves no dfs endpoints): filesystems (the
 * Blob container calls the client makes for them), directory and file creation, getAccessControl /
 * setAccessControl / setAccessControlRecursive (set, modify, remove, with {@code maxRecords} and
 * {@code x-ms-continuation}) and List Paths with its continuation, over the real headers ({@code x-ms-acl},
 * {@code x-ms-owner}, {@code x-ms-group}, {@code x-ms-permissions}). POSIX ACL rules as the service keeps them:
 * new paths inherit their parent's default ACL, the mask is recomputed when named entries change, and default
 * entries apply to directories only. Every request must carry a SharedKey authorisation for the account; anything
 * it does not know is answered 400 and remembered in {@link #unexpected()}.
 */
public final class FakeDfs implements AutoCloseable {
    public static final String ACCOUNT = "labhandlake";
    /** Azurite's well-known key: not a secret. */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** One path: a directory or a file, with its POSIX owner, group and ACL (access and default entries). */
    static final class Node {
        final boolean directory;
        String owner = "$superuser";
        String group = "$superuser";
        List<String> acl;
        long size;
        long etag = System.nanoTime();
        ZonedDateTime modified = ZonedDateTime.now(ZoneOffset.UTC);

        Node(boolean directory, List<String> acl) {
            this.directory = directory;
            this.acl = new ArrayList<>(acl);
        }
    }

    /** One request as it arrived: method, path below the account, query. */
    public record Call(String method, String path, Map<String, String> query, Map<String, String> headers) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    /** Filesystem → path ("" is the root) → node. */
    private final Map<String, TreeMap<String, Node>> filesystems = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private volatile int denyStatus;
    private volatile int listPageSize = 5000;

    private FakeDfs() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeDfs start() {
        try {
            return new FakeDfs();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint a location names to reach this account: {@code http://127.0.0.1:<port>/<account>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + ACCOUNT;
    }

    // ---- what tests set up and look at

    /** From now on every request is refused with 403 AuthorizationPermissionMismatch (0: answered normally again). */
    public void deny(boolean deny) {
        denyStatus = deny ? 403 : 0;
    }

    /** List Paths answers at most this many per page (continuation beyond). */
    public void listPageSize(int size) {
        listPageSize = size;
    }

    public synchronized void filesystem(String name) {
        filesystems.computeIfAbsent(name, k -> {
            TreeMap<String, Node> paths = new TreeMap<>();
            paths.put("", new Node(true, List.of("user::rwx", "group::r-x", "other::---")));
            return paths;
        });
    }

    public synchronized boolean hasFilesystem(String name) {
        return filesystems.containsKey(name);
    }

    /** Makes a path (and its missing parents) as a client would; files get {@code size} bytes. */
    public synchronized void make(String fs, String path, boolean directory, long size) {
        create(filesystems.get(fs), path, directory, Map.of()).size = size;
    }

    /** The ACL of a path as the service would answer getAccessControl; null when it does not exist. */
    public synchronized List<String> acl(String fs, String path) {
        Node n = filesystems.get(fs).get(path);
        return n == null ? null : List.copyOf(n.acl);
    }

    public synchronized String owner(String fs, String path) {
        return filesystems.get(fs).get(path).owner;
    }

    public synchronized boolean exists(String fs, String path) {
        return filesystems.containsKey(fs) && filesystems.get(fs).containsKey(path);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the server

    private record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Reply of(int status) {
            return new Reply(status, null, new byte[0], new LinkedHashMap<>());
        }

        static Reply json(int status, Object body) {
            return new Reply(status, "application/json;charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8),
                    new LinkedHashMap<>());
        }

        Reply header(String name, Object value) {
            headers.put(name, String.valueOf(value));
            return this;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            String raw = ex.getRequestURI().getRawPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String method = ex.getRequestMethod();
            Reply reply;
            synchronized (this) {
                String below = raw.startsWith("/" + ACCOUNT) ? raw.substring(ACCOUNT.length() + 1) : raw;
                calls.add(new Call(method, URLDecoder.decode(below, StandardCharsets.UTF_8), query, headers));
                String auth = headers.getOrDefault("authorization", "");
                if (!auth.startsWith("SharedKey " + ACCOUNT + ":")) {
                    reply = error(403, "AuthenticationFailed", method);
                } else if (denyStatus != 0) {
                    reply = error(denyStatus, "AuthorizationPermissionMismatch", method);
                } else {
                    try {
                        reply = answer(method, below, query, headers);
                    } catch (RuntimeException e) {
                        e.printStackTrace();
                        reply = unknown(method, raw + " " + e);
                    }
                }
            }
            reply.headers.putIfAbsent("x-ms-request-id", java.util.UUID.randomUUID().toString());
            reply.headers.putIfAbsent("x-ms-version", headers.getOrDefault("x-ms-version", "2021-06-08"));
            reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (reply.contentType != null) ex.getResponseHeaders().add("Content-Type", reply.contentType);
            boolean head = method.equals("HEAD");
            ex.sendResponseHeaders(reply.status, head || reply.body.length == 0 ? -1 : reply.body.length);
            if (!head && reply.body.length > 0) ex.getResponseBody().write(reply.body);
        }
    }

    private Reply answer(String method, String below, Map<String, String> query, Map<String, String> headers) {
        String trimmed = below.startsWith("/") ? below.substring(1) : below;
        int slash = trimmed.indexOf('/');
        String fs = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String path = slash < 0 ? "" : URLDecoder.decode(trimmed.substring(slash + 1), StandardCharsets.UTF_8);
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        TreeMap<String, Node> paths = filesystems.get(fs);
        boolean container = "container".equals(query.get("restype")) || "filesystem".equals(query.get("resource"))
                && !method.equals("GET");
        if (container && path.isEmpty()) {
            switch (method) {
                case "PUT":
                    if (paths != null) return error(409, "ContainerAlreadyExists", method);
                    filesystem(fs);
                    return Reply.of(201).header("ETag", "\"0x1\"").header("Last-Modified", now());
                case "GET", "HEAD":
                    if (paths == null) return error(404, "ContainerNotFound", method);
                    return Reply.of(200).header("ETag", "\"0x1\"").header("Last-Modified", now())
                            .header("x-ms-has-immutability-policy", "false").header("x-ms-has-legal-hold", "false");
                default:
                    return unknown(method, below);
            }
        }
        if (paths == null) return error(404, "FilesystemNotFound", method);
        if (method.equals("GET") && "filesystem".equals(query.get("resource"))) return list(paths, query);
        String action = query.getOrDefault("action", "");
        Node node = paths.get(path);
        switch (method + " " + action) {
            case "PUT ": {
                String resource = query.getOrDefault("resource", "");
                if (!resource.equals("directory") && !resource.equals("file")) return unknown(method, below);
                if (node != null && "*".equals(headers.get("if-none-match"))) return error(409, "PathAlreadyExists", method);
                Node made = create(paths, path, resource.equals("directory"), headers);
                return Reply.of(201).header("ETag", etag(made)).header("Last-Modified", RFC1123.format(made.modified))
                        .header("Content-Length", 0);
            }
            case "HEAD getAccessControl": {
                if (node == null) return error(404, "PathNotFound", method);
                return Reply.of(200).header("ETag", etag(node)).header("Last-Modified", RFC1123.format(node.modified))
                        .header("x-ms-owner", node.owner).header("x-ms-group", node.group)
                        .header("x-ms-permissions", permissions(node)).header("x-ms-acl", String.join(",", node.acl));
            }
            case "HEAD ", "GET ": {
                if (node == null) return error(404, path.isEmpty() ? "PathNotFound" : "BlobNotFound", method);
                Reply r = Reply.of(200).header("ETag", etag(node)).header("Last-Modified", RFC1123.format(node.modified))
                        .header("Content-Length", node.size).header("x-ms-resource-type", node.directory ? "directory" : "file")
                        .header("x-ms-owner", node.owner).header("x-ms-group", node.group)
                        .header("x-ms-permissions", permissions(node)).header("x-ms-blob-type", "BlockBlob");
                if (node.directory) r.header("x-ms-meta-hdi_isfolder", "true");
                return r;
            }
            case "PATCH setAccessControl": {
                if (node == null) return error(404, "PathNotFound", method);
                if (headers.containsKey("x-ms-acl")) node.acl = withMask(parse(headers.get("x-ms-acl")), false);
                if (headers.containsKey("x-ms-owner")) node.owner = headers.get("x-ms-owner");
                if (headers.containsKey("x-ms-group")) node.group = headers.get("x-ms-group");
                node.etag = System.nanoTime();
                return Reply.of(200).header("ETag", etag(node)).header("Last-Modified", RFC1123.format(node.modified));
            }
            case "PATCH setAccessControlRecursive":
                if (node == null) return error(404, "PathNotFound", method);
                return recursive(paths, path, query, headers.getOrDefault("x-ms-acl", ""));
            default:
                return unknown(method, below + " " + query);
        }
    }

    private Reply recursive(TreeMap<String, Node> paths, String path, Map<String, String> query, String aclHeader) {
        String mode = query.getOrDefault("mode", "");
        if (!List.of("set", "modify", "remove").contains(mode)) return error(400, "InvalidQueryParameterValue", "PATCH");
        List<String> targets = new ArrayList<>();
        for (String p : paths.keySet()) {
            if (p.equals(path) || path.isEmpty() || p.startsWith(path + "/")) targets.add(p);
        }
        int start = query.containsKey("continuation")
                ? Integer.parseInt(new String(Base64.getDecoder().decode(query.get("continuation")), StandardCharsets.UTF_8)) : 0;
        int max = Integer.parseInt(query.getOrDefault("maxRecords", "2000"));
        int end = Math.min(targets.size(), start + max);
        List<String> given = parse(aclHeader);
        int dirs = 0;
        int files = 0;
        for (String p : targets.subList(start, end)) {
            Node n = paths.get(p);
            List<String> entries = n.directory ? given : given.stream().filter(e -> !e.startsWith("default:")).toList();
            switch (mode) {
                case "set" -> n.acl = withMask(entries, false);
                case "modify" -> {
                    List<String> acl = new ArrayList<>(n.acl);
                    for (String e : entries) {
                        acl.removeIf(old -> key(old).equals(key(e)));
                        acl.add(e);
                    }
                    n.acl = withMask(acl, entries.stream().noneMatch(e -> key(e).endsWith("mask:")));
                }
                default -> {
                    List<String> acl = new ArrayList<>(n.acl);
                    for (String e : entries) acl.removeIf(old -> key(old).equals(e.endsWith(":") ? e : e + ":"));
                    n.acl = withMask(acl, true);
                }
            }
            if (n.directory) dirs++;
            else files++;
        }
        ObjectNode body = JSON.createObjectNode().put("directoriesSuccessful", dirs).put("filesSuccessful", files)
                .put("failureCount", 0);
        body.putArray("failedEntries");
        Reply r = Reply.json(200, body);
        if (end < targets.size()) {
            r.header("x-ms-continuation", Base64.getEncoder().encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)));
        }
        return r;
    }

    private Reply list(TreeMap<String, Node> paths, Map<String, String> query) {
        boolean recursive = Boolean.parseBoolean(query.getOrDefault("recursive", "false"));
        String dir = query.getOrDefault("directory", "");
        while (dir.endsWith("/")) dir = dir.substring(0, dir.length() - 1);
        if (!dir.isEmpty() && !paths.containsKey(dir)) return error(404, "PathNotFound", "GET");
        List<String> names = new ArrayList<>();
        for (String p : paths.keySet()) {
            if (p.isEmpty()) continue;
            boolean under = dir.isEmpty() || p.startsWith(dir + "/");
            if (!under) continue;
            String rest = dir.isEmpty() ? p : p.substring(dir.length() + 1);
            if (recursive || !rest.contains("/")) names.add(p);
        }
        int max = Math.min(listPageSize, Integer.parseInt(query.getOrDefault("maxResults", "5000")));
        int start = query.containsKey("continuation")
                ? Integer.parseInt(new String(Base64.getDecoder().decode(query.get("continuation")), StandardCharsets.UTF_8)) : 0;
        int end = Math.min(names.size(), start + max);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode out = body.putArray("paths");
        for (String p : names.subList(start, end)) {
            Node n = paths.get(p);
            ObjectNode item = out.addObject().put("name", p).put("lastModified", RFC1123.format(n.modified))
                    .put("etag", "0x" + Long.toHexString(n.etag)).put("contentLength", String.valueOf(n.size))
                    .put("owner", n.owner).put("group", n.group).put("permissions", permissions(n));
            if (n.directory) item.put("isDirectory", "true");
        }
        Reply r = Reply.json(200, body);
        if (end < names.size()) {
            r.header("x-ms-continuation", Base64.getEncoder().encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)));
        }
        return r;
    }

    /** A new path under its parent (made too when missing), inheriting the parent's default ACL as the service does. */
    private Node create(TreeMap<String, Node> paths, String path, boolean directory, Map<String, String> headers) {
        int slash = path.lastIndexOf('/');
        String parentPath = slash < 0 ? "" : path.substring(0, slash);
        Node parent = paths.get(parentPath);
        if (parent == null) parent = create(paths, parentPath, true, Map.of());
        List<String> defaults = parent.acl.stream().filter(e -> e.startsWith("default:"))
                .map(e -> e.substring("default:".length())).toList();
        List<String> acl = new ArrayList<>(defaults.isEmpty()
                ? List.of(directory ? "user::rwx" : "user::rw-", "group::r-x", "other::---") : defaults);
        if (directory) {
            for (String e : defaults) acl.add("default:" + e);
        }
        Node node = new Node(directory, acl);
        if (headers.containsKey("x-ms-acl")) node.acl = withMask(parse(headers.get("x-ms-acl")), false);
        if (headers.containsKey("x-ms-owner")) node.owner = headers.get("x-ms-owner");
        if (headers.containsKey("x-ms-group")) node.group = headers.get("x-ms-group");
        paths.put(path, node);
        return node;
    }

    /** The scope, type and qualifier of an entry: {@code default:user:<id>:}. */
    private static String key(String entry) {
        int last = entry.lastIndexOf(':');
        return entry.substring(0, last + 1);
    }

    /** With the mask recomputed (when {@code recompute}) as the union of named entries and the owning group, per scope. */
    private static List<String> withMask(List<String> acl, boolean recompute) {
        List<String> out = new ArrayList<>(acl);
        for (String scope : List.of("", "default:")) {
            List<String> entries = out.stream().filter(e -> inScope(e, scope)).map(e -> e.substring(scope.length())).toList();
            boolean named = entries.stream().anyMatch(e -> e.matches("(user|group):[^:]+:.*"));
            boolean hasMask = entries.stream().anyMatch(e -> e.startsWith("mask:"));
            if (!named || hasMask && !recompute) continue;
            char[] union = {'-', '-', '-'};
            for (String e : entries) {
                if (!(e.matches("(user|group):[^:]+:.*") || e.startsWith("group::"))) continue;
                String perms = e.substring(e.lastIndexOf(':') + 1);
                for (int i = 0; i < 3 && i < perms.length(); i++) if (perms.charAt(i) != '-') union[i] = perms.charAt(i);
            }
            out.removeIf(e -> inScope(e, scope) && e.substring(scope.length()).startsWith("mask:"));
            out.add(scope + "mask::" + new String(union));
        }
        return out;
    }

    private static boolean inScope(String entry, String scope) {
        return scope.isEmpty() ? !entry.startsWith("default:") : entry.startsWith(scope);
    }

    private static String permissions(Node n) {
        String user = perms(n.acl, "user::");
        String group = n.acl.stream().anyMatch(e -> e.startsWith("mask::")) ? perms(n.acl, "mask::") : perms(n.acl, "group::");
        boolean extended = n.acl.stream().anyMatch(e -> !e.startsWith("default:")
                && (e.startsWith("user:") && !e.startsWith("user::") || e.startsWith("group:") && !e.startsWith("group::")));
        return user + group + perms(n.acl, "other::") + (extended ? "+" : "");
    }

    private static String perms(List<String> acl, String key) {
        return acl.stream().filter(e -> e.startsWith(key)).map(e -> e.substring(key.length())).findFirst().orElse("---");
    }

    private static List<String> parse(String acl) {
        List<String> out = new ArrayList<>();
        for (String e : acl.split(",")) if (!e.isBlank()) out.add(e.strip());
        return out;
    }

    private static String etag(Node n) {
        return "\"0x" + Long.toHexString(n.etag) + "\"";
    }

    private static String now() {
        return RFC1123.format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** dfs errors carry a JSON body, Blob errors XML; both name the code in {@code x-ms-error-code}. */
    private static Reply error(int status, String code, String method) {
        Reply r;
        if (code.startsWith("Container") || code.startsWith("Blob")) {
            String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>fake "
                    + code + "</Message></Error>";
            r = new Reply(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
        } else {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("error").put("code", code).put("message", "fake " + code);
            r = Reply.json(status, body);
        }
        if (method.equals("HEAD")) r = new Reply(status, null, new byte[0], r.headers);
        return r.header("x-ms-error-code", code);
    }

    private Reply unknown(String method, String what) {
        unexpected.add(method + " " + what);
        System.err.println("FakeDfs: no route for " + method + " " + what);
        return error(400, "FakeDfsUnknownRequest", method);
    }
}
