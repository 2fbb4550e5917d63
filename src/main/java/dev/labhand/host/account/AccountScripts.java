package dev.labhand.host.account;

import java.util.ArrayList;
import java.util.List;

/**
 * The remote side of accounts: fixed POSIX shell scripts run as {@code sh -c SCRIPT name ARG...}. Values reach
 * them only as positional arguments ({@code "$1"}), already validated, so no value is ever parsed by a shell.
 * Each script prints one {@code step:<name>} line per change it made (the audit and the reply list them) and
 * exits 3 when the user exists but is not this member's Labhand account. Run as root: through {@code sudo -n}
 * when the host's SSH user is not root.
 */
final class AccountScripts {
    /** The account's comment field: who it belongs to, so a namesake made by someone else is never touched. */
    static String marker(String memberId) {
        return "labhand/" + memberId;
    }

    private static final String COMMON = """
            set -u
            user=$1 marker=$2
            entry=$(getent passwd "$user" || true)
            docker_group=docker
            [ -S /var/run/docker.sock ] && docker_group=$(stat -c %G /var/run/docker.sock)
            in_group() { id -nG "$user" 2>/dev/null | tr ' ' '\\n' | grep -qx "$1"; }
            """;

    /** $1 user, $2 marker, $3 key line, $4 docker, $5 sudo, $6 the member's data folder. */
    static final String GRANT = COMMON + """
            key=$3 docker=$4 sudo=$5 data=$6
            if [ -n "$entry" ]; then
              [ "$(printf '%s' "$entry" | cut -d: -f5)" = "$marker" ] || { echo "collision"; exit 3; }
            else
              # ids of their own range: the revoke ends every process of the account's uid, and on a Docker host
              # container users (uid 1000 and up) are processes of the host too
              useradd -m -s /bin/bash -c "$marker" -K UID_MIN=20000 -K UID_MAX=29999 -K GID_MIN=20000 -K GID_MAX=29999 \
                "$user" || exit 1
              echo step:created
              entry=$(getent passwd "$user")
            fi
            set -e
            home=$(printf '%s' "$entry" | cut -d: -f6)
            shadow=$(getent shadow "$user" | cut -d: -f2)
            shell=$(printf '%s' "$entry" | cut -d: -f7)
            expiry=$(getent shadow "$user" | cut -d: -f8)
            # no password, key only: '*' (a '!'-locked account is refused by sshd even with a key)
            if [ "$shadow" != "*" ] || [ "$shell" != /bin/bash ] || [ -n "$expiry" ]; then
              usermod -p '*' -s /bin/bash -e '' "$user"; echo step:unlocked
            fi
            install -d -m 700 -o "$user" -g "$user" "$home/.ssh"
            ak="$home/.ssh/authorized_keys"
            printf '%s\\n' "$key" > "$ak.labhand"
            chown "$user:$user" "$ak.labhand"; chmod 600 "$ak.labhand"
            if cmp -s "$ak.labhand" "$ak"; then rm -f "$ak.labhand"; else mv -f "$ak.labhand" "$ak"; echo step:key; fi
            if [ "$docker" = true ]; then
              in_group "$docker_group" || { usermod -aG "$docker_group" "$user"; echo step:docker-added; }
            else
              ! in_group "$docker_group" || { gpasswd -d "$user" "$docker_group" >/dev/null; echo step:docker-removed; }
            fi
            if [ "$sudo" = true ]; then
              in_group sudo || { usermod -aG sudo "$user"; echo step:sudo-added; }
            else
              ! in_group sudo || { gpasswd -d "$user" sudo >/dev/null; echo step:sudo-removed; }
            fi
            if [ ! -d "$data" ] || [ "$(stat -c %U "$data")" != "$user" ]; then
              install -d -m 2770 -o "$user" -g "$user" "$data"; echo step:data
            fi
            if command -v setfacl >/dev/null 2>&1; then setfacl -R -m "u:$user:rwX" -m "d:u:$user:rwX" "$data" || true; fi
            [ "$(readlink "$home/workspaces" || true)" = "$data" ] || { ln -sfn "$data" "$home/workspaces"; chown -h "$user:$user" "$home/workspaces"; }
            echo "id:$(id "$user")"
            """;

    /** $1 user, $2 marker. Removes keys, locks, drops privileged groups, ends every process; keeps files. */
    static final String REVOKE = COMMON + """
            [ -n "$entry" ] || { echo absent; exit 0; }
            [ "$(printf '%s' "$entry" | cut -d: -f5)" = "$marker" ] || { echo "collision"; exit 3; }
            home=$(printf '%s' "$entry" | cut -d: -f6)
            if [ -e "$home/.ssh/authorized_keys" ]; then rm -f "$home/.ssh/authorized_keys"; echo step:keys; fi
            if [ "$(getent shadow "$user" | cut -d: -f2 | cut -c1)" != "!" ]; then
              usermod -L -e 1 -s /usr/sbin/nologin "$user" && echo step:locked
            fi
            for g in "$docker_group" sudo; do
              ! in_group "$g" || { gpasswd -d "$user" "$g" >/dev/null && echo "step:group-$g"; }
            done
            uid=$(id -u "$user")
            command -v loginctl >/dev/null 2>&1 && loginctl terminate-user "$user" >/dev/null 2>&1 || true
            ended=0
            for round in 1 2 3 4 5; do
              found=0
              for p in /proc/[0-9]*; do
                [ "$(stat -c %u "$p" 2>/dev/null)" = "$uid" ] || continue
                found=1; kill -KILL "${p#/proc/}" 2>/dev/null && ended=1
              done
              [ "$found" = 1 ] || break
              sleep 0.2
            done
            [ "$ended" = 1 ] && echo step:sessions
            left=0
            for p in /proc/[0-9]*; do [ "$(stat -c %u "$p" 2>/dev/null)" = "$uid" ] && left=$((left + 1)); done
            [ "$left" = 0 ] || echo "processes-left:$left"
            exit 0
            """;

    /** No arguments: one line per Labhand account, {@code user|marker|locked|last login}. */
    static final String LIST = """
            set -u
            getent passwd | while IFS=: read -r user _ _ _ gecos _ _; do
              case "$gecos" in labhand/*) ;; *) continue ;; esac
              locked=no
              [ "$(getent shadow "$user" | cut -d: -f2 | cut -c1)" = "!" ] && locked=yes
              last=never
              if command -v lastlog >/dev/null 2>&1; then
                line=$(lastlog -u "$user" 2>/dev/null | tail -n 1)
                case "$line" in *"Never logged in"*|"") ;; *) last=$(printf '%s' "$line" | awk '{$1=$2=$3=""; print}' | sed 's/^ *//') ;; esac
              fi
              echo "acct|$user|$gecos|$locked|$last"
            done
            """;

    private AccountScripts() {}

    /** The argv running {@code script} with {@code args} as $1..., as root. */
    static List<String> argv(boolean asRoot, String name, String script, String... args) {
        List<String> argv = new ArrayList<>();
        if (!asRoot) argv.addAll(List.of("sudo", "-n"));
        argv.addAll(List.of("sh", "-c", script, name));
        argv.addAll(List.of(args));
        return argv;
    }
}
