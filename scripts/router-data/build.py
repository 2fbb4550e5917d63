#!/usr/bin/env python3
"""Builds the router's labelled data: hand-written families (hand-*.txt) plus generated ones (frames x
entities, and typo'd copies of hand-written sentences), split once by phrasing family into train/dev/test.

Second-round families (late-*.txt) go to train or dev only, never to test.

Run from the repository root: python3 scripts/router-data/build.py
Output: src/main/resources/router/{train,dev,test}.tsv with columns family, lang, utterance, tool, args.
Families whose id starts with "g-" are generated; the others are hand-written. Typo'd copies keep their
source's family, so a sentence and its typo never sit in different splits. Deterministic (seeded)."""
import glob, hashlib, os, random, re

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "src", "main", "resources", "router")
rng = random.Random(12)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[a-z][a-z'-]*")
# Latin words a Korean sentence keeps as written (names of things, not English phrasing)
TECH = set("""gpu cpu vm vms docker cuda nvidia smi nvidia-smi torch tensorflow pandas scikit-learn jupyter
rstudio r pyspark spark python kaggle dockerfile entrypoint cmd s3 aws azure ls df inspect ps stats system
ram container toolkit cli info port listening reticulate py_config torch_tensor t4 adls gen2 blob vs code dev
wsl sync build compose tag push hub mac os ec2 ip url tensorflow api ssh starter cpu-only xlarge standard
g4dn nc4as v3 latest ml io gcr quay rocker labhand pyspark-notebook kaggle-gpu-images kaggle-images dealloc
tail""".split())


def world():
    names = set()
    for line in open(os.path.join(OUT, "world.txt"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            names.add(line.split("\t")[1])
    return names


RESOURCES = world()
WORLD = RESOURCES | {"thesis", "thesis2", "alice-nb", "bob-r", "alice", "bob", "minji", "jun", "local", "paper", "rlite", "etl"}


def lang(text):
    if not HANGUL.search(text):
        return "en"
    tokens = re.findall(r"[a-z0-9][a-z0-9'._/:-]*", text.lower())
    # names (with a digit, a dash or a slash) and technical words are written in Latin in Korean sentences too
    latin = [w for w in tokens if w not in TECH and w not in WORLD and len(w) > 1 and not re.search(r"[\d/:-]", w)]
    return "mix" if latin else "ko"


def read_hand(pattern="hand-*.txt", prefix_len=5):
    fams = []
    for path in sorted(glob.glob(os.path.join(HERE, pattern))):
        stem = os.path.basename(path)[prefix_len:-4]
        cur = None
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if line.startswith("#") and not line.startswith("#!"):
                continue
            if line.startswith("@ "):
                _, intent, args = line.split(" ", 2)
                cur = {"id": f"{stem}-{len(fams):03d}", "intent": intent, "args": "" if args == "-" else args, "utts": []}
                fams.append(cur)
            elif line.strip():
                cur["utts"].append(line.strip())
    return fams


def typo(word):
    """One transposed, dropped or doubled letter inside a Latin word of four letters or more."""
    i = rng.randrange(1, len(word) - 2)
    while not (word[i].isalpha() and word[i + 1].isalpha()):
        i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(["swap", "drop", "double"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def typoed(utt):
    # a plain word of four letters or more, or the name of a resource in the world (found again by fuzzy matching);
    # never a new name or a member, whose typo would change what the sentence asks for
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]{3,}", utt)
             if (w.lower() in RESOURCES and len(w) >= 5) or (w.isalpha() and w.lower() not in WORLD)]
    if not words:
        return None
    w = rng.choice(words)
    return utt.replace(w, typo(w), 1)


# ------------------------------------------------------------ generated frames
WS = ["gpu1", "my-jupyter", "r-study"]
VMS = ["gpu-vm", "azure-t4", "aws-g4"]
WS_KO_NOUN = ["", " 작업공간", " 워크스페이스", " 환경"]
KO_END = {"stop": ["꺼줘", "꺼 주세요", "중지해줘", "좀 꺼줄래?", "멈춰 주세요", "종료해 줘", "좀 꺼 줄 수 있어요?"],
          "start": ["켜줘", "켜 주세요", "시작해줘", "좀 켜줄래?", "실행해 주세요", "다시 켜 줘", "띄워 주세요"],
          "restart": ["재시작해줘", "재시작 부탁드려요", "껐다 켜줘", "다시 시작해 주세요", "재부팅 해줘"],
          "remove": ["삭제해줘", "지워 주세요", "없애줘", "삭제 부탁해요", "지워버려"],
          "status": ["상태 어때?", "상태 알려줘", "지금 어떤 상태예요?", "잘 돌아가고 있어?", "켜져 있어요?"],
          "logs": ["로그 보여줘", "로그 좀 볼게요", "로그 확인 부탁드려요", "로그 뽑아줘"],
          "connect": ["접속 주소 알려줘", "접속 정보 주세요", "어떻게 들어가요?", "링크 좀 줘", "주소 뭐예요?"],
          "check": ["점검해줘", "진단해 주세요", "이상한데 봐줄래?", "문제 있는지 확인해줘", "왜 안 되는지 봐 주세요"]}
EN = {"stop": ["stop {n}", "please stop {n}", "shut down {n}", "turn off {n} pls", "can you stop {n}?", "shut {n} down", "power off {n}"],
      "start": ["start {n}", "please start {n}", "turn on {n}", "boot {n} up", "can you start {n}?", "fire up {n}", "get {n} running"],
      "restart": ["restart {n}", "please restart {n}", "reboot {n}", "can you restart {n}?", "give {n} a restart"],
      "remove": ["delete {n}", "remove {n}", "please delete {n}", "get rid of {n}", "i don't need {n} anymore, delete it"],
      "status": ["status of {n}", "is {n} running?", "how is {n} doing?", "what's the state of {n}", "is {n} up"],
      "logs": ["logs of {n}", "show me {n}'s logs", "tail the logs for {n}", "can i see the logs of {n}"],
      "connect": ["how do i connect to {n}", "url for {n}", "give me the link to {n}", "how do i open {n}"],
      "check": ["check {n}", "something is wrong with {n}", "diagnose {n}", "{n} isn't working, can you look?", "run a checkup on {n}"]}
MIX = {"stop": ["{n} stop 해줘", "{n} shutdown 해 주세요"], "start": ["{n} start 해줘", "{n} 좀 start 해 주세요"],
       "restart": ["{n} restart 해 주세요", "{n} reboot 해줘"], "remove": ["{n} delete 해줘"],
       "status": ["{n} status 알려줘"], "logs": ["{n} logs 보여줘"], "connect": ["{n} url 알려줘"],
       "check": ["{n} check 해 주세요"]}
WS_TOOL = {"stop": "workspace.stop", "start": "workspace.start", "restart": "workspace.restart",
           "remove": "workspace.remove", "status": "workspace.status", "logs": "workspace.logs",
           "connect": "workspace.connect", "check": "diag.check"}
VM_TOOL = {"stop": "vm.stop", "start": "vm.start", "status": "vm.status", "remove": "vm.delete"}


def generated():
    fams = []
    def fam(fid, intent, items):
        fams.append({"id": "g-" + fid, "intent": intent, "args": None, "items": items})
    for verb, tool in WS_TOOL.items():
        arg = "workspace" if tool.startswith("diag.") else "name"
        for k, end in enumerate(KO_END[verb]):
            items = []
            for n in WS + ["thesis"]:
                noun = rng.choice(WS_KO_NOUN)
                items.append((f"{n}{noun} {end}", f"{arg}={n}"))
            fam(f"ws-{verb}-ko{k}", tool, items)
        for k, frame in enumerate(EN[verb]):
            fam(f"ws-{verb}-en{k}", tool, [(frame.format(n=n), f"{arg}={n}") for n in WS + ["alice-nb"]])
        for k, frame in enumerate(MIX[verb]):
            fam(f"ws-{verb}-mix{k}", tool, [(frame.format(n=n), f"{arg}={n}") for n in WS])
    for verb, tool in VM_TOOL.items():
        for k, end in enumerate(KO_END[verb]):
            fam(f"vm-{verb}-ko{k}", tool, [(f"{n}{rng.choice(['', ' VM', ' vm', ' 가상머신'])} {end}", f"name={n}") for n in VMS])
        for k, frame in enumerate(EN[verb]):
            fam(f"vm-{verb}-en{k}", tool, [(frame.format(n=n + rng.choice(["", " vm"])), f"name={n}") for n in VMS])
    # symptoms in a named workspace go to the checkup
    sym_ko = ["{n}에서 GPU가 안 잡혀요", "{n}에서 cuda 사용 불가래요", "{n} 컨테이너에서 gpu 인식이 안 됨", "{n}에서 주피터가 안 열려요",
              "{n} 자꾸 재시작돼요", "{n} 브라우저에서 접속이 안 돼요"]
    sym_en = ["{n}: CUDA not available", "gpu not detected in {n}", "{n} keeps restarting", "the browser can't reach {n}",
              "my notebook in {n} can't see the gpu", "{n} won't open in the browser"]
    for k, f in enumerate(sym_ko):
        fam(f"sym-ko{k}", "diag.check", [(f.format(n=n), f"workspace={n}") for n in ["gpu1", "r-study"]])
    for k, f in enumerate(sym_en):
        fam(f"sym-en{k}", "diag.check", [(f.format(n=n), f"workspace={n}") for n in ["gpu1", "my-jupyter"]])
    # workspaces named by template words
    by_word = [("내 알스튜디오", "r-study"), ("my rstudio", "r-study"), ("내 R", "r-study"), ("my R env", "r-study"),
               ("cpu 파이썬", "my-jupyter"), ("the cpu python one", "my-jupyter"), ("gpu 파이썬", "gpu1"),
               ("my gpu python workspace", "gpu1")]
    for verb in ["stop", "start", "status"]:
        items = []
        for words, n in by_word:
            if HANGUL.search(words):
                items.append((f"{words} {rng.choice(KO_END[verb])}", f"name={n}"))
            else:
                items.append((rng.choice(EN[verb]).format(n=words), f"name={n}"))
        fam(f"tmpl-{verb}", WS_TOOL[verb], items)
    # creates: template words x names
    tmpl = [("파이썬 GPU", "EN:python gpu", "python-gpu"), ("주피터", "EN:jupyter", "python-gpu"),
            ("파이썬 cpu", "EN:cpu-only python", "python-cpu"), ("알스튜디오", "EN:rstudio", "r-rstudio"),
            ("R cpu", "EN:R cpu", "r-rstudio-cpu"), ("스파크", "EN:spark", "pyspark"), ("캐글", "EN:kaggle", "python-gpu")]
    names = ["lab2", "hw-3", "final-proj", "nlp1", "team-a"]
    for k, (ko, en, t) in enumerate(tmpl):
        items = []
        for n in names:
            items.append((rng.choice([f"{ko} 작업공간 만들어줘 이름은 {n}", f"{n}라는 이름으로 {ko} 환경 하나 만들어 주세요",
                                      f"{ko} 워크스페이스 {n} 생성해줘"]), f"template={t};name={n}"))
            items.append((rng.choice([f"create a {en[3:]} workspace called {n}", f"make me a {en[3:]} env named {n}",
                                      f"new {en[3:]} workspace, name it {n}"]), f"template={t};name={n}"))
        fam(f"create-{k}", "workspace.create", items)
    # logs with a line count
    items = []
    for n in WS:
        for lines in ["30", "200"]:
            items.append((rng.choice([f"{n} 로그 {lines}줄 보여줘", f"last {lines} log lines of {n}", f"{n} 로그 마지막 {lines}줄"]),
                          f"name={n};lines={lines}"))
    fam("logs-lines", "workspace.logs", items)
    # ports and packages
    items = [(f.format(n=n, p=p), f"workspace={n};port={p}") for n in ["gpu1", "r-study"] for p in ["8888", "8787", "4040"]
             for f in [rng.choice(["is port {p} open in {n}", "{n} {p} 포트 열려 있어?", "{n}에서 {p}번 포트 응답해?"])]]
    fam("port", "diag.network-port", items)
    items = [(rng.choice(["{p} version in {n}", "{n} {p} 버전 알려줘", "which {p} is installed in {n}"]).format(n=n, p=p),
              f"workspace={n};package={p}") for n in ["gpu1", "my-jupyter"] for p in ["numpy", "torch", "transformers", "xgboost"]]
    fam("package", "diag.python-package", items)
    # instructor: someone else's list and audit
    for k, f in enumerate(["{m} 작업공간 보여줘", "list {m}'s workspaces", "{m}가 만든 워크스페이스 목록"]):
        fam(f"owner-{k}", "workspace.list", [(f.format(m=m), f"owner={m}") for m in ["alice", "bob", "minji", "jun"]])
    for k, f in enumerate(["{m} 감사 기록 보여줘", "audit log of {m}", "what did {m} do lately"]):
        fam(f"audit-{k}", "audit.list", [(f.format(m=m), f"member={m}") for m in ["alice", "bob", "minji", "jun"]])
    # hosts
    for k, f in enumerate(["{h} 호스트 상태", "is host {h} up?", "{h} 서버 상태 확인해 주세요"]):
        fam(f"host-status-{k}", "host.status", [(f.format(h=h), f"name={h}") for h in ["lab-server", "dgx1"]])
    # vm cost
    items = [(rng.choice(["{p} {s} 요금 얼마예요?", "how much is {s} on {p}", "{p} {s} price"]).format(p=p, s=s), f"provider={p};size={s}")
             for p, s in [("aws", "g4dn.xlarge"), ("aws", "g4dn.2xlarge"), ("azure", "standard_nc4as_t4_v3"), ("azure", "standard_nc8as_t4_v3")]]
    fam("cost", "vm.cost", items)
    return fams


def main():
    hand = read_hand()
    rows = []  # (family, lang, utterance, tool, args)
    for f in hand:
        for u in f["utts"]:
            rows.append((f["id"], u, f["intent"], f["args"]))
        # typo'd copies of some English-bearing sentences stay in their source's family
        for u in f["utts"]:
            if rng.random() < 0.12:
                t = typoed(u)
                if t and t != u:
                    rows.append(("g-" + f["id"] + "-typo", t, f["intent"], f["args"], f["id"]))
    for f in generated():
        for u, a in f["items"]:
            rows.append((f["id"], u, f["intent"], a))
    # split by family (a typo'd copy follows its source), stratified per intent: 15% test, 15% dev
    split_of = {}
    by_intent = {}
    for f in hand:
        by_intent.setdefault(f["intent"].removeprefix("clarify:"), []).append(f["id"])
    for f in generated():
        by_intent.setdefault(f["intent"].removeprefix("clarify:"), []).append(f["id"])
    for intent, ids in sorted(by_intent.items()):
        ids = sorted(ids, key=lambda i: hashlib.sha256(i.encode()).hexdigest())
        n = len(ids)
        n_test = max(1, round(n * 0.15)) if n >= 3 else 0
        n_dev = max(1, round(n * 0.15)) if n >= 3 else 0
        for k, i in enumerate(ids):
            split_of[i] = "test" if k < n_test else "dev" if k < n_test + n_dev else "train"
    # families written after the split was fixed go to train only
    late = read_hand("train-*.txt", 0)
    for f in late:
        split_of[f["id"]] = "train"
        for u in f["utts"]:
            rows.append((f["id"], u, f["intent"], f["args"]))
    # second-round families (late-*.txt), written after test.tsv was fixed: about 80% to train and 20% to dev by a
    # hash of the family id, never to test; typo'd copies follow their source
    for f in read_hand("late-*.txt", 0):
        split_of[f["id"]] = "dev" if int(hashlib.sha256(f["id"].encode()).hexdigest(), 16) % 5 == 0 else "train"
        for u in f["utts"]:
            rows.append((f["id"], u, f["intent"], f["args"]))
        for u in f["utts"]:
            if rng.random() < 0.12:
                t = typoed(u)
                if t and t != u:
                    rows.append(("g-" + f["id"] + "-typo", t, f["intent"], f["args"], f["id"]))
    out = {"train": [], "dev": [], "test": []}
    seen = set()
    for r in rows:
        fam, u, intent, args = r[0], r[1], r[2], r[3]
        source = r[4] if len(r) > 4 else fam
        if u in seen:
            continue
        seen.add(u)
        out[split_of[source]].append((fam, lang(u), u, intent, args))
    os.makedirs(OUT, exist_ok=True)
    header = ("# family\tlang\tutterance\ttool\targs -- the router's labelled data (scripts/router-data/build.py).\n"
              "# tool 'clarify:<tool>' expects one question for that tool (args: its partial args); 'none' expects not-understood.\n"
              "# question=$text is the sentence itself. Families starting 'g-' are generated; the others hand-written.\n")
    for split, items in out.items():
        with open(os.path.join(OUT, split + ".tsv"), "w", encoding="utf-8") as fh:
            fh.write(header)
            for it in items:
                fh.write("\t".join(it) + "\n")
    for split, items in out.items():
        hand_n = sum(1 for i in items if not i[0].startswith("g-"))
        langs = {l: sum(1 for i in items if i[1] == l) for l in ("ko", "en", "mix")}
        print(split, len(items), "hand", hand_n, "generated", len(items) - hand_n, langs)


main()
