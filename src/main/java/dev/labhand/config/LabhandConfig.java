package dev.labhand.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything Labhand reads from {@code config/labhand.yaml}, as small immutable records. Every key
 * has a default, so the bot runs with no file at all; a key the file has but this code does not know
 * is an error naming the key and the file.
 */
public record LabhandConfig(String source, Path database, String defaultLocale, String courseNotesUrl, Path toolsDir,
                            Docker docker,
                            Workspaces workspaces, Duration confirmationTtl, Duration cooldown, Discord discord, Llm llm,
                            Vm vm, Audit audit, Desk desk, Storage storage, Budgets budgets,
                            Operations operations, Accounts accounts,
                            Images images) {

    /**
     * Course images: the registries {@code image.push} may push to. Credentials never live here, only the names
     * of the environment variables that hold them.
     */
    public record Images(List<Registry> registries) {
        public Images {
            registries = List.copyOf(registries);
        }

        public java.util.Optional<Registry> registry(String name) {
            return registries.stream().filter(r -> r.name().equals(name)).findFirst();
        }
    }

    /**
     * A registry images are pushed to.
     *
     * @param kind        dockerhub (user + access token), acr (Azure: user or service principal + password),
     *                    ecr (Amazon: a token from GetAuthorizationToken with the AWS keys), or plain (user + password)
     * @param server      the registry's address ({@code docker.io}, {@code x.azurecr.io}, {@code 1234.dkr.ecr.eu-west-1.amazonaws.com})
     * @param namespace   what goes before the image's name there (a Docker Hub user or organisation); may be empty
     * @param userEnv     the environment variable holding the user (ecr: the AWS access key id)
     * @param passwordEnv the environment variable holding the password or token (ecr: the AWS secret key)
     * @param region      ecr only: the AWS region
     * @param endpoint    ecr only: another ECR API endpoint (tests); empty for AWS's own
     */
    public record Registry(String name, String kind, String server, String namespace, String userEnv, String passwordEnv,
                           String region, String endpoint) {}

    /**
     * Named cloud storage locations (course data in S3, the ADLS Gen2 lake) and who may reach which prefix.
     *
     * @param locations by name, in file order
     * @param adls      what ADLS Gen2 ACLs and {@code storage.adls-setup} need to know about the course's Azure AD
     */
    public record Storage(Map<String, StorageLocation> locations, Adls adls) {}

    /**
     * ADLS Gen2 access control (Module 11): ACL entries name Azure AD object ids, never Discord ids.
     *
     * @param principals       member id → the member's Azure AD object id (user or service principal)
     * @param instructorsGroup the object id of the Azure AD group of instructors (r-x on every member folder); empty:
     *                         none
     * @param resourceGroup    where {@code storage.adls-setup} makes the storage account
     * @param region           the Azure region of that account
     */
    public record Adls(Map<String, String> principals, String instructorsGroup, String resourceGroup, String region) {}

    /**
     * One storage location as written in the file; {@code dev.labhand.storage} turns it into an address.
     *
     * @param url          {@code s3://bucket[/prefix]} or {@code abfss://filesystem@account.dfs.core.windows.net[/path]}
     * @param endpoint     an S3-compatible or Blob endpoint to use instead of the cloud's (MinIO, Azurite, tests);
     *                     empty: the cloud's own
     * @param region       the S3 region (ignored for ADLS)
     * @param learnerRead  prefixes under the location a learner may read; {@code {member}} is the learner's id
     * @param learnerWrite prefixes a learner may write (and delete) under
     */
    public record StorageLocation(String url, String endpoint, String region, List<String> learnerRead,
                                  List<String> learnerWrite) {}

    /**
     * What the course may spend, in USD over the whole course; 0 means no limit.
     *
     * @param classUsd   the class's budget
     * @param memberUsd  each member's budget unless {@code members} names them
     * @param members    per-member budgets by member id
     * @param hostHourly what an SSH host (or {@code local}) costs per hour; cloud VMs are priced from config/clouds
     * @param tick       how often the ledger accrues
     */
    public record Budgets(double classUsd, double memberUsd, Map<String, Double> members,
                          Map<String, Double> hostHourly, Duration tick) {
        public Budgets {
            members = Map.copyOf(members);
            hostHourly = Map.copyOf(hostHourly);
        }

        /** A member's configured budget before grants; 0 = no limit. */
        public double memberBudget(String memberId) {
            return members.getOrDefault(memberId, memberUsd);
        }
    }

    /**
     * The operations endpoint.
     *
     * @param httpBind {@code host:port} for /metrics and /healthz, or {@code off}
     */
    public record Operations(String httpBind) {
        public boolean httpOff() {
            return httpBind.equals("off");
        }
    }

    /**
     * Team accounts on hosts and offboarding.
     *
     * @param courseRole    the Discord role (name or id) that makes a member part of the course; empty: being in the
     *                      course guild is enough
     * @param offboarding   what happens when a member with accounts leaves the guild or loses the course role:
     *                      {@code revoke} everywhere at once, {@code ask} an instructor first, or {@code off}
     * @param membersIntent use Discord's privileged GUILD_MEMBERS intent to hear of leaves and role changes at once
     *                      (enable it in the developer portal first); without it the roster check below is all
     * @param rosterCheck   how often members with accounts are looked up in the guild (a REST fetch each); zero: never
     */
    public record Accounts(String courseRole, String offboarding, boolean membersIntent, Duration rosterCheck) {}

    /**
     * The instructor's desk.
     *
     * @param staffChannel a Discord channel id where new queued questions are also posted (instructors get a DM
     *                     either way); empty: none
     * @param forumChannel a Discord forum channel (the course's question board) whose new posts are queued and get an
     *                     automatic first answer; empty: none. Setting it makes the bot ask for the privileged
     *                     message-content intent, which must be switched on for the bot in Discord's developer portal
     */
    public record Desk(String staffChannel, String forumChannel) {}

    /**
     * Where the audit log's tamper evidence lives, outside the database.
     *
     * @param keys        the key folder (audit signing key, secrets key); null: {@code keys/} beside the database
     * @param checkpoints the signed checkpoint file; null: {@code <database>.checkpoints}
     * @param everyRows   a checkpoint at least every this many rows
     * @param every       and at least this often while rows are written (and whenever Labhand stops)
     */
    public record Audit(Path keys, Path checkpoints, int everyRows, Duration every) {}

    /** The key folder: configured, or {@code keys/} beside the database. */
    public Path keysDir() {
        return audit.keys() != null ? audit.keys()
                : database.toAbsolutePath().resolveSibling("keys");
    }

    /** The checkpoint file: configured, or the database's name with {@code .checkpoints}. */
    public Path checkpointFile() {
        return audit.checkpoints() != null ? audit.checkpoints()
                : database.toAbsolutePath().resolveSibling(database.getFileName() + ".checkpoints");
    }

    /**
     * Cloud VMs and remote Docker hosts.
     *
     * @param clouds      folder with one size-and-price table per provider (azure.yaml, aws.yaml); the built-in
     *                    tables when it does not exist
     * @param course      the course tag put on every cloud resource
     * @param adminUser   the account cloud-init makes on a new VM; Labhand reaches hosts as this user
     * @param sshKey      Labhand's private key for reaching hosts (its .pub is authorised on new VMs);
     *                    empty: no host can be contacted
     * @param sshSource   the address range network rules let reach port 22 ({@code *}: anywhere)
     * @param idleAfter   a VM with no running workspace this long is stopped; zero turns it off
     * @param idleWarning how long before that the owner is warned
     * @param idleAction  {@code deallocate} (Azure; AWS stops) or {@code stop}
     * @param checkEvery  how often VM states and idleness are checked
     * @param azureSubscription from AZURE_SUBSCRIPTION_ID; credentials come from Azure's standard chain
     * @param awsEndpoint empty for AWS itself; an EC2-compatible endpoint otherwise
     * @param azureEnvironment {@code azure} (public cloud), {@code azure-china} or {@code azure-us-government}
     * @param azureEndpoint empty for the environment's Resource Manager; an ARM-compatible endpoint otherwise
     *                      (a loopback one is a stand-in and is sent no token)
     */
    public record Vm(Path clouds, String course, String adminUser, String sshKey, String sshSource,
                     Duration idleAfter, Duration idleWarning, String idleAction, Duration checkEvery,
                     String azureSubscription, String awsEndpoint, String azureEnvironment, String azureEndpoint) {}

    /**
     * The LLM behind the language layer; {@code provider: none} (the default) means the offline router.
     *
     * @param provider     none, openai (and any OpenAI-compatible server via baseUrl), anthropic, ollama, azure-openai
     * @param apiKey       from the environment only, e.g. {@code ${OPENAI_API_KEY}}; never logged
     * @param maxToolCalls the most tool calls one message may cause
     * @param memoryMessages how many messages of a conversation the model sees
     */
    public record Llm(String provider, String baseUrl, String model, String apiKey, double temperature,
                      Duration timeout, int maxToolCalls, int memoryMessages) {
        public boolean enabled() {
            return !provider.equals("none");
        }
    }

    /**
     * The Discord front end.
     *
     * @param token           bot token; empty means "take DISCORD_TOKEN from the environment"
     * @param guilds          guild ids whose commands are registered instantly
     * @param globalCommands  also register commands globally (takes up to an hour to show)
     * @param instructorRoles Discord role names or ids that make a member an instructor
     * @param adminRoles      Discord role names or ids that make a member an admin
     * @param restBaseUrl     Discord's REST base; changed only for a proxy or a test fake
     * @param gatewayUrl      Discord's gateway; changed only for a proxy or a test fake
     */
    public record Discord(String token, List<String> guilds, boolean globalCommands, List<String> instructorRoles,
                          List<String> adminRoles, String restBaseUrl, String gatewayUrl) {}

    /** The local Docker engine. */
    public record Docker(String host, Duration timeout) {}

    /**
     * Where and how workspaces run.
     *
     * @param templates      directory of template files; the built-in templates when it does not exist
     * @param root           per-member data root: volumes live only under {@code root/<member>/<workspace>/}
     * @param network        {@code bridge} (ports published on {@code publishAddress}) or {@code none}
     * @param portMin        first host port handed out
     * @param portMax        last host port handed out
     * @param maxPerLearner  how many workspaces one learner may have
     * @param adoptUnknown   at start-up, adopt labelled containers the store does not know (else only report them)
     * @param templateEnv    the only environment variables a template may name as {@code ${VAR}} (none by default:
     *                       templates must not reach the bot's own secrets)
     * @param maxMemoryGb    the most memory a template may give a workspace
     * @param maxCpus        the most CPUs a template may give a workspace
     * @param maxPids        the most processes a template may allow a workspace
     */
    public record Workspaces(Path templates, Path root, String network, String publishAddress, int portMin,
                             int portMax, int maxPerLearner, boolean adoptUnknown, List<String> templateEnv,
                             int maxMemoryGb, int maxCpus, int maxPids) {
        public Workspaces {
            templateEnv = List.copyOf(templateEnv);
        }

        public boolean publishesPorts() {
            return network.equals("bridge");
        }
    }

    public static final Path DEFAULT_FILE = Path.of("config", "labhand.yaml");

    /**
     * What the commands that need only the database read: its path, the locale and the audit settings
     * ({@code audit verify}, {@code audit list}, {@code doctor}; a cron job has no model key).
     */
    public static final Set<String> STORE_KEYS = Set.of("database", "locale", "audit");

    /** A configuration read for a command that needs only some keys; {@code unresolved} read as their defaults. */
    public record Partial(LabhandConfig config, List<YamlSection.Unresolved> unresolved) {}

    /** Loads {@code file}; with {@code null}, the default file if it exists, else built-in defaults. */
    public static LabhandConfig load(Path file, Function<String, String> env) {
        return from(root(file, env));
    }

    /**
     * Loads {@code file} for a command that needs only the keys (or sections) in {@code needed}: a {@code ${VAR}}
     * that is not set fails only there; elsewhere the key reads as its default and is listed as unresolved.
     * Everything else (unknown keys, bad values) is as strict as {@link #load}.
     */
    public static Partial loadOnly(Path file, Function<String, String> env, Set<String> needed) {
        List<YamlSection.Unresolved> skipped = new java.util.ArrayList<>();
        LabhandConfig config = from(root(file, env).resolvingOnly(key -> needs(needed, key), skipped));
        return new Partial(config, List.copyOf(skipped));
    }

    private static boolean needs(Set<String> needed, String key) {
        return needed.stream().anyMatch(n -> key.equals(n) || key.startsWith(n + ".") || key.startsWith(n + "["));
    }

    private static YamlSection root(Path file, Function<String, String> env) {
        if (file == null) {
            file = Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null;
        } else if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such file");
        }
        return file == null ? YamlSection.empty("(built-in defaults)") : YamlSection.load(file, env);
    }

    public static LabhandConfig defaults() {
        return from(YamlSection.empty("(built-in defaults)"));
    }

    static LabhandConfig from(YamlSection root) {
        Path home = Path.of(System.getProperty("user.home"), ".labhand");
        Path database = Path.of(root.string("database", home.resolve("labhand.db").toString()));
        String locale = root.choice("locale", "ko", Set.of("ko", "en"));
        String notes = root.string("courseNotesUrl", "");
        Path toolsDir = Path.of(root.string("toolsDir", "tools"));

        YamlSection d = root.section("docker");
        Docker docker = new Docker(d.string("host", "unix:///var/run/docker.sock"),
                Duration.ofSeconds(d.integer("timeoutSeconds", 60, 5, 3600)));
        d.done();

        YamlSection w = root.section("workspaces");
        String ports = w.string("ports", "20000-20999");
        int[] range = portRange(w, ports);
        Workspaces workspaces = new Workspaces(
                Path.of(w.string("templates", "config/templates")),
                Path.of(w.string("root", home.resolve("members").toString())),
                w.choice("network", "bridge", Set.of("bridge", "none")),
                w.string("publishAddress", "127.0.0.1"),
                range[0], range[1],
                w.integer("maxPerLearner", 2, 0, 100),
                w.choice("unknownContainers", "adopt", Set.of("adopt", "report")).equals("adopt"),
                templateEnv(w),
                w.integer("maxMemoryGb", 256, 1, 65_536),
                w.integer("maxCpus", 64, 1, 1024),
                w.integer("maxPids", 4096, 16, 4_194_304));
        w.done();

        YamlSection c = root.section("confirmations");
        Duration ttl = Duration.ofSeconds(c.integer("ttlSeconds", 300, 10, 86_400));
        c.done();

        YamlSection p = root.section("policy");
        Duration cooldown = Duration.ofSeconds(p.integer("cooldownSeconds", 5, 0, 3600));
        p.done();

        YamlSection dc = root.section("discord");
        Discord discord = new Discord(dc.string("token", ""), dc.strings("guilds"), dc.bool("globalCommands", false),
                dc.strings("instructorRoles"), dc.strings("adminRoles"),
                dc.string("restBaseUrl", "https://discord.com/api/v10/"), dc.string("gatewayUrl", ""));
        dc.done();

        YamlSection l = root.section("llm");
        Llm llm = new Llm(l.choice("provider", "none", Set.of("none", "openai", "anthropic", "ollama", "azure-openai")),
                l.string("baseUrl", ""), l.string("model", ""), l.string("apiKey", ""),
                l.decimal("temperature", 0.2, 0, 2), Duration.ofSeconds(l.integer("timeoutSeconds", 60, 1, 600)),
                l.integer("maxToolCalls", 5, 1, 20), l.integer("memoryMessages", 20, 2, 200));
        l.done();

        YamlSection v = root.section("vm");
        YamlSection idle = v.section("idle");
        YamlSection az = v.section("azure");
        YamlSection aws = v.section("aws");
        Vm vm = new Vm(Path.of(v.string("clouds", "config/clouds")), v.string("course", "labhand"),
                v.string("adminUser", "labhand"), v.string("sshKey", ""), v.string("sshSource", "*"),
                Duration.ofMinutes(idle.integer("minutes", 60, 0, 7 * 24 * 60)),
                Duration.ofMinutes(idle.integer("warnMinutes", 10, 0, 24 * 60)),
                idle.choice("action", "deallocate", Set.of("deallocate", "stop")),
                Duration.ofSeconds(idle.integer("checkSeconds", 60, 5, 3600)),
                az.string("subscriptionId", ""), aws.string("endpoint", ""),
                az.choice("environment", "azure", Set.of("azure", "azure-china", "azure-us-government")),
                az.string("endpoint", ""));
        idle.done();
        az.done();
        aws.done();
        v.done();

        YamlSection a = root.section("audit");
        String keys = a.string("keys", "");
        String checkpoints = a.string("checkpoints", "");
        Audit audit = new Audit(keys.isBlank() ? null : Path.of(keys), checkpoints.isBlank() ? null : Path.of(checkpoints),
                a.integer("checkpointEveryRows", 100, 1, 1_000_000),
                Duration.ofSeconds(a.integer("checkpointEverySeconds", 60, 1, 86_400)));
        a.done();

        YamlSection dk = root.section("desk");
        String staff = dk.string("staffChannel", "");
        if (!staff.isEmpty() && !staff.matches("\\d{5,20}")) throw dk.error("staffChannel", "must be a Discord channel id (digits), not '" + staff + "'");
        String forum = dk.string("forumChannel", "");
        if (!forum.isEmpty() && !forum.matches("\\d{5,20}")) throw dk.error("forumChannel", "must be a Discord forum channel id (digits), not '" + forum + "'");
        Desk desk = new Desk(staff, forum);
        dk.done();

        Storage storage = storage(root.section("storage"));
        Budgets budgets = budgets(root.section("budgets"));
        Operations operations = operations(root.section("operations"));

        YamlSection ac = root.section("accounts");
        Accounts accounts = new Accounts(ac.string("courseRole", ""),
                ac.choice("offboarding", "revoke", Set.of("revoke", "ask", "off")), ac.bool("membersIntent", false),
                Duration.ofMinutes(ac.integer("rosterCheckMinutes", 15, 0, 24 * 60)));
        ac.done();

        Images images = images(root.section("images"));

        root.done();
        return new LabhandConfig(root.source(), database, locale, notes, toolsDir, docker, workspaces, ttl, cooldown,
                discord, llm, vm, audit, desk, storage, budgets, operations, accounts, images);
    }

    private static Images images(YamlSection i) {
        List<Registry> registries = new java.util.ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (YamlSection r : i.sections("registries")) {
            String name = r.requiredString("name");
            if (!name.matches("[a-z][a-z0-9-]{1,30}[a-z0-9]")) throw r.error("name", "must be lower-case letters, digits and '-'");
            if (!names.add(name)) throw r.error("name", "is listed twice: " + name);
            String kind = r.choice("kind", "plain", Set.of("dockerhub", "acr", "ecr", "plain"));
            String server = r.string("server", kind.equals("dockerhub") ? "docker.io" : "");
            if (!server.matches("[a-z0-9.-]+(:[0-9]{1,5})?")) throw r.error("server", "must be a registry address like x.azurecr.io or 127.0.0.1:5000, not '" + server + "'");
            String namespace = r.string("namespace", "");
            if (!namespace.matches("([a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*)?")) throw r.error("namespace", "must be a repository path like myuser or team/course, not '" + namespace + "'");
            boolean ecr = kind.equals("ecr");
            String userEnv = r.string("userEnv", ecr ? "AWS_ACCESS_KEY_ID" : "");
            String passwordEnv = r.string("passwordEnv", ecr ? "AWS_SECRET_ACCESS_KEY" : "");
            for (String[] e : new String[][] {{"userEnv", userEnv}, {"passwordEnv", passwordEnv}}) {
                if (!e[1].matches("[A-Z_][A-Z0-9_]*")) throw r.error(e[0], "must name an environment variable (A-Z, 0-9, _), not '" + e[1] + "'");
            }
            String region = r.string("region", "");
            if (ecr && region.isBlank()) throw r.error("region", "is required for an ecr registry");
            Registry reg = new Registry(name, kind, server, namespace, userEnv, passwordEnv, region, r.string("endpoint", ""));
            r.done();
            registries.add(reg);
        }
        i.done();
        return new Images(registries);
    }

    private static final java.util.regex.Pattern LOCATION_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");
    private static final java.util.regex.Pattern STORAGE_URL = java.util.regex.Pattern.compile(
            "s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._/-]*)?"
            + "|abfss://[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])@[a-z0-9]{3,24}\\.dfs\\.core\\.windows\\.net(/[A-Za-z0-9._/-]*)?");
    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("([A-Za-z0-9._-]+/|\\{member}/)*");

    private static Storage storage(YamlSection s) {
        YamlSection all = s.section("locations");
        Map<String, StorageLocation> out = new java.util.LinkedHashMap<>();
        for (String name : all.keys()) {
            if (!LOCATION_NAME.matcher(name).matches()) {
                throw all.error(name, "is not a usable location name (lower-case letters, digits and '-', 3-32 long)");
            }
            YamlSection l = all.section(name);
            String url = l.requiredString("url");
            if (!STORAGE_URL.matcher(url).matches() || url.contains("..") || url.indexOf("//", url.indexOf("://") + 3) >= 0) {
                throw l.error("url", "must be s3://bucket[/prefix] or abfss://filesystem@account.dfs.core.windows.net[/path], not '" + url + "'");
            }
            List<String> read = l.strings("learnerRead");
            List<String> write = l.strings("learnerWrite");
            for (String p : concat(read, write)) {
                if (!PREFIX.matcher(p).matches() || p.isEmpty() || p.contains("..")) {
                    throw l.error(read.contains(p) ? "learnerRead" : "learnerWrite",
                            "must list prefixes like shared/ or members/{member}/ (ending in '/', no '..'), not '" + p + "'");
                }
            }
            out.put(name, new StorageLocation(url, l.string("endpoint", ""), l.string("region", "us-east-1"),
                    l.has("learnerRead") ? read : List.of("shared/", "members/{member}/"),
                    l.has("learnerWrite") ? write : List.of("members/{member}/")));
            l.done();
        }
        all.done();
        Adls adls = adls(s.section("adls"));
        s.done();
        return new Storage(java.util.Collections.unmodifiableMap(out), adls);
    }

    private static final java.util.regex.Pattern OBJECT_ID = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static Adls adls(YamlSection a) {
        Map<String, String> principals = a.stringMap("principals");
        principals.forEach((member, id) -> {
            if (!OBJECT_ID.matcher(id).matches()) {
                throw a.error("principals", "must map member ids to Azure AD object ids (a GUID), not '" + member + ": " + id + "'");
            }
        });
        String group = a.string("instructorsGroup", "");
        if (!group.isEmpty() && !OBJECT_ID.matcher(group).matches()) {
            throw a.error("instructorsGroup", "must be the Azure AD group's object id (a GUID), not '" + group + "'");
        }
        String rg = a.string("resourceGroup", "labhand-storage");
        if (!rg.matches("[A-Za-z0-9._()-]{1,90}")) throw a.error("resourceGroup", "is not a resource group name: '" + rg + "'");
        String region = a.string("region", "koreacentral");
        if (!region.matches("[a-z0-9]{2,40}")) throw a.error("region", "is not an Azure region name: '" + region + "'");
        a.done();
        return new Adls(java.util.Collections.unmodifiableMap(principals), group, rg, region);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Budgets budgets(YamlSection b) {
        Budgets budgets = new Budgets(b.decimal("classUsd", 0, 0, 10_000_000), b.decimal("memberUsd", 0, 0, 10_000_000),
                amounts(b, "members"), amounts(b, "hostHourly"),
                Duration.ofSeconds(b.integer("tickSeconds", 300, 5, 3600)));
        b.done();
        return budgets;
    }

    private static Map<String, Double> amounts(YamlSection b, String key) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        b.stringMap(key).forEach((k, v) -> {
            try {
                double usd = Double.parseDouble(v.strip());
                if (usd < 0 || usd > 10_000_000 || Double.isNaN(usd)) throw new NumberFormatException();
                out.put(k, usd);
            } catch (NumberFormatException e) {
                throw b.error(key, "must map names to amounts in USD (0-10000000), not " + k + ": '" + v + "'");
            }
        });
        return out;
    }

    private static Operations operations(YamlSection o) {
        YamlSection http = o.section("http");
        String bind = http.string("bind", "127.0.0.1:9464").strip();
        if (!bind.equals("off") && !bind.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
            throw http.error("bind", "must be host:port (e.g. 127.0.0.1:9464) or off, not '" + bind + "'");
        }
        http.done();
        o.done();
        return new Operations(bind);
    }

    private static List<String> templateEnv(YamlSection w) {
        List<String> names = w.strings("templateEnv");
        for (String n : names) {
            if (!n.matches("[A-Z_][A-Z0-9_]*")) {
                throw w.error("templateEnv", "must list environment variable names (A-Z, 0-9, _), not '" + n + "'");
            }
        }
        return names;
    }

    private static int[] portRange(YamlSection w, String text) {
        String[] parts = text.split("-");
        try {
            int lo = Integer.parseInt(parts[0].trim());
            int hi = Integer.parseInt(parts[parts.length - 1].trim());
            if (parts.length == 2 && lo >= 1024 && hi <= 65535 && lo <= hi) return new int[] {lo, hi};
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw w.error("ports", "must be a range like 20000-20999 within 1024-65535, not '" + text + "'");
    }

    public LabhandConfig withDatabase(Path db) {
        return new LabhandConfig(source, db, defaultLocale, courseNotesUrl, toolsDir, docker, workspaces, confirmationTtl,
                cooldown, discord, llm, vm, audit, desk, storage, budgets, operations, accounts, images);
    }

    /** Environment as a function, for substitution; tests pass a map instead. */
    public static Function<String, String> env(Map<String, String> map) {
        return map::get;
    }
}
