#!/usr/bin/env bash
# Real FTP servers for the FTP interop suite (test/interop/ftp.test.ts): Debian's vsftpd and
# pure-ftpd, each on 127.0.0.1 only, each accepting plain FTP and explicit FTPS (AUTH TLS) with a
# self-signed certificate made here by openssl.
#
#   .ci/interop-ftp.sh start    install (first time), configure and start both; idempotent
#   .ci/interop-ftp.sh stop     stop the servers this script started
#   .ci/interop-ftp.sh status
#
# Needs root (apt-get, a system user, PAM). Writes $PYRAMID_FTP_INTEROP_DIR/servers.json (default
# /tmp/pyramid-ftp-interop) with hosts, ports, roots, the test user's password and the certificate,
# which the test reads.
#
# vsftpd and pure-ftpd conflict as Debian packages (both "Conflicts: ftp-server"), so they cannot
# be installed side by side with apt-get install. Their libraries are installed with apt-get; the
# two packages themselves are fetched with `apt-get download` and unpacked under the work
# directory. That also means no packaged service is ever started on 0.0.0.0:21: the only FTP
# servers running are the two started here, bound to 127.0.0.1.
set -euo pipefail

DIR="${PYRAMID_FTP_INTEROP_DIR:-/tmp/pyramid-ftp-interop}"
VSFTPD_PORT="${PYRAMID_FTP_VSFTPD_PORT:-2221}"
PURE_PORT="${PYRAMID_FTP_PUREFTPD_PORT:-2222}"
SYS_USER=pyrftpi           # system account the files belong to (vsftpd logs in as it)
FTP_USER=pyrftp            # the login name used by the tests (vsftpd: = SYS_USER's login, see below)
PKG="$DIR/pkg"
BIN_VSFTPD="$PKG/root/usr/sbin/vsftpd"
BIN_PURE="$PKG/root/usr/sbin/pure-ftpd"
BIN_PUREPW="$PKG/root/usr/bin/pure-pw"
PAM_SERVICE=pyramid-ftp-interop

log() { printf '[interop-ftp] %s\n' "$*" >&2; }

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    log "must run as root"
    exit 1
  fi
}

install_servers() {
  if [ -x "$BIN_VSFTPD" ] && [ -x "$BIN_PURE" ] && [ -x "$BIN_PUREPW" ] && command -v openssl >/dev/null; then
    return
  fi
  log "installing libraries and fetching vsftpd and pure-ftpd from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends \
    ca-certificates openssl libc6 libcap2 libcrypt1 libpam0g libpam-modules libpam-runtime libssl3 libwrap0 libsodium23
  mkdir -p "$PKG/deb" "$PKG/root"
  # apt downloads as the _apt user when it can write there
  if id _apt >/dev/null 2>&1; then chown _apt "$PKG/deb"; fi
  (cd "$PKG/deb" && rm -f ./*.deb && apt-get download vsftpd pure-ftpd pure-ftpd-common)
  for deb in "$PKG"/deb/*.deb; do dpkg-deb -x "$deb" "$PKG/root"; done
  [ -x "$BIN_VSFTPD" ] && [ -x "$BIN_PURE" ] && [ -x "$BIN_PUREPW" ] || { log "unpacking the servers failed"; exit 1; }
}

stop_servers() {
  local name pidfile pid
  for name in vsftpd pure-ftpd; do
    pidfile="$DIR/$name.pid"
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      log "stopping $name (pid $pid)"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

wait_port() {
  local port="$1" name="$2"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "$name did not start listening on 127.0.0.1:$port; its log:"
  cat "$DIR/$name.log" >&2 || true
  exit 1
}

configure() {
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  # the account and a fresh password for this run
  if ! id "$SYS_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir "$DIR" --shell /usr/sbin/nologin "$SYS_USER"
  fi
  PASSWORD="$(openssl rand -hex 12)"
  echo "$SYS_USER:$PASSWORD" | chpasswd

  # fresh server roots
  rm -rf "$DIR/vsftpd-root" "$DIR/pure-root" "$DIR/empty"
  mkdir -p "$DIR/vsftpd-root" "$DIR/pure-root" "$DIR/empty"
  chown "$SYS_USER:$SYS_USER" "$DIR/vsftpd-root" "$DIR/pure-root"
  chmod 755 "$DIR/vsftpd-root" "$DIR/pure-root" "$DIR/empty"

  # self-signed certificate for 127.0.0.1
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$DIR/tls.key" -out "$DIR/tls.crt" 2>/dev/null
  chmod 600 "$DIR/tls.key"
  cat "$DIR/tls.key" "$DIR/tls.crt" > "$DIR/pure-ftpd.pem"
  chmod 600 "$DIR/pure-ftpd.pem"
  FINGERPRINT="$(openssl x509 -in "$DIR/tls.crt" -noout -fingerprint -sha256 | sed 's/^.*=//')"

  # PAM service for vsftpd: password check only (the account has no login shell)
  cat > "/etc/pam.d/$PAM_SERVICE" <<EOF
auth    required pam_unix.so
account required pam_unix.so
EOF

  cat > "$DIR/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$VSFTPD_PORT
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
chroot_local_user=YES
allow_writeable_chroot=YES
local_root=$DIR/vsftpd-root
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=40100
pasv_max_port=40199
pam_service_name=$PAM_SERVICE
secure_chroot_dir=$DIR/empty
ssl_enable=YES
rsa_cert_file=$DIR/tls.crt
rsa_private_key_file=$DIR/tls.key
allow_anon_ssl=NO
force_local_data_ssl=NO
force_local_logins_ssl=NO
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
xferlog_enable=NO
syslog_enable=NO
vsftpd_log_file=$DIR/vsftpd-transfer.log
utf8_filesystem=NO
use_localtime=NO
userlist_enable=NO
tcp_wrappers=NO
EOF
  chmod 600 "$DIR/vsftpd.conf"

  # pure-ftpd: a virtual user (PureDB) mapped to the system account, chrooted to its root
  rm -f "$DIR/pureftpd.passwd" "$DIR/pureftpd.pdb"
  printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | "$BIN_PUREPW" useradd "$FTP_USER" -u "$SYS_USER" -g "$SYS_USER" \
    -d "$DIR/pure-root" -f "$DIR/pureftpd.passwd" >/dev/null
  # pure-pw hashes with argon2id at a cost that makes every login take seconds; a SHA-512 crypt
  # hash (which pure-ftpd checks with crypt()) keeps the suite fast.
  HASH="$(openssl passwd -6 "$PASSWORD")"
  awk -F: -v OFS=: -v h="$HASH" '{ $2 = h; print }' "$DIR/pureftpd.passwd" > "$DIR/pureftpd.passwd.new"
  mv "$DIR/pureftpd.passwd.new" "$DIR/pureftpd.passwd"
  chmod 600 "$DIR/pureftpd.passwd"
  "$BIN_PUREPW" mkdb "$DIR/pureftpd.pdb" -f "$DIR/pureftpd.passwd"
}

start_servers() {
  log "starting vsftpd on 127.0.0.1:$VSFTPD_PORT"
  nohup "$BIN_VSFTPD" "$DIR/vsftpd.conf" >"$DIR/vsftpd.log" 2>&1 </dev/null &
  echo $! > "$DIR/vsftpd.pid"
  log "starting pure-ftpd on 127.0.0.1:$PURE_PORT"
  nohup "$BIN_PURE" -S "127.0.0.1,$PURE_PORT" -l "puredb:$DIR/pureftpd.pdb" -E -A -H -D -u 1 -U 022:022 \
    -p 40200:40299 -P 127.0.0.1 -Y 1 -2 "$DIR/pure-ftpd.pem" >"$DIR/pure-ftpd.log" 2>&1 </dev/null &
  echo $! > "$DIR/pure-ftpd.pid"
  wait_port "$VSFTPD_PORT" vsftpd
  wait_port "$PURE_PORT" pure-ftpd

  # vsftpd logs in with the system account name, pure-ftpd with the virtual user name
  cat > "$DIR/servers.json" <<EOF
{
  "password": "$PASSWORD",
  "caFile": "$DIR/tls.crt",
  "fingerprint256": "$FINGERPRINT",
  "servers": [
    { "name": "vsftpd", "host": "127.0.0.1", "port": $VSFTPD_PORT, "user": "$SYS_USER", "root": "$DIR/vsftpd-root" },
    { "name": "pure-ftpd", "host": "127.0.0.1", "port": $PURE_PORT, "user": "$FTP_USER", "root": "$DIR/pure-root" }
  ]
}
EOF
  chmod 600 "$DIR/servers.json"
  log "ready: $DIR/servers.json"
}

case "${1:-}" in
  start)
    need_root
    install_servers
    stop_servers
    configure
    start_servers
    ;;
  stop)
    need_root
    stop_servers
    ;;
  status)
    for name in vsftpd pure-ftpd; do
      if [ -f "$DIR/$name.pid" ] && kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
        echo "$name running (pid $(cat "$DIR/$name.pid"))"
      else
        echo "$name not running"
      fi
    done
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
