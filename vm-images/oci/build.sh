#!/usr/bin/env bash
# Builds the node's local OCI image archives — no registry, no docker — from Debian's busybox-static.
# Reproducible: fixed mtimes, sorted tar entries, numeric owners, `gzip -n`, so the same busybox
# binary always gives the same digests.
#
# Usage: vm-images/oci/build.sh OUTDIR
#   OUTDIR/pause.tar  localhost/kubelab/pause:1  Entrypoint ["/bin/sleep","infinity"]
#                     (the sandbox image: its process must stay alive, or the sandbox goes NOTREADY)
#   OUTDIR/web.tar    localhost/kubelab/web:1    Cmd ["httpd","-f","-p","80","-h","/www"]
#   OUTDIR/shell.tar  localhost/kubelab/shell:1  Cmd ["sh"]
# Import with: ctr -a <sock> -n k8s.io images import OUTDIR/<name>.tar
# (ctr takes the image name from the io.containerd.image.name annotation in index.json).
set -euo pipefail
OUT=${1:?usage: build.sh OUTDIR}
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
BB=${BUSYBOX:-/bin/busybox}
# A dynamically linked busybox would need a libc inside the image.
if [ ! -x "$BB" ] || ldd "$BB" >/dev/null 2>&1; then
  echo "build.sh: need a static busybox at $BB (apt-get install busybox-static)" >&2
  exit 1
fi

# ---- the one rootfs layer all three images share ----
R=$WORK/rootfs
mkdir -p "$R"/bin "$R"/etc "$R"/tmp "$R"/proc "$R"/sys "$R"/dev "$R"/www "$R"/root "$R"/usr
cp "$BB" "$R"/bin/busybox
for a in $("$BB" --list); do [ "$a" = busybox ] || ln -sf busybox "$R/bin/$a"; done
ln -s bin "$R"/sbin
ln -s ../bin "$R"/usr/bin
ln -s ../bin "$R"/usr/sbin
echo 'root:x:0:0:root:/root:/bin/sh' >"$R"/etc/passwd
echo 'root:x:0:' >"$R"/etc/group
echo 'hello from kubelab' >"$R"/www/index.html
chmod 1777 "$R"/tmp
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$R" -cf "$WORK"/layer.tar .
gzip -n -9 -c "$WORK"/layer.tar >"$WORK"/layer.tar.gz
DIFF_ID=sha256:$(sha256sum "$WORK"/layer.tar | cut -d' ' -f1)
LAYER_DIGEST=$(sha256sum "$WORK"/layer.tar.gz | cut -d' ' -f1)
LAYER_SIZE=$(stat -c%s "$WORK"/layer.tar.gz)

blob() { # file -> copies it into layout $1's blobs, prints "digest size"
  local d
  d=$(sha256sum "$2" | cut -d' ' -f1)
  cp "$2" "$1/blobs/sha256/$d"
  echo "$d $(stat -c%s "$2")"
}

make_image() { # repo tag exec-json-fragment outfile
  local NAME=$1 TAG=$2 EXEC=$3 OUTF=$4 L
  L=$WORK/layout-$(basename "$OUTF" .tar)
  mkdir -p "$L"/blobs/sha256
  cp "$WORK"/layer.tar.gz "$L/blobs/sha256/$LAYER_DIGEST"
  cat >"$WORK"/config.json <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],$EXEC,"WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"vm-images/oci/build.sh"}]}
JSON
  read -r CD CS < <(blob "$L" "$WORK"/config.json)
  cat >"$WORK"/manifest.json <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$CD","size":$CS},
 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$LAYER_DIGEST","size":$LAYER_SIZE}]}
JSON
  read -r MD MS < <(blob "$L" "$WORK"/manifest.json)
  echo '{"imageLayoutVersion":"1.0.0"}' >"$L"/oci-layout
  cat >"$L"/index.json <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
 "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$MD","size":$MS,
   "platform":{"architecture":"amd64","os":"linux"},
   "annotations":{"io.containerd.image.name":"$NAME:$TAG","org.opencontainers.image.ref.name":"$TAG"}}]}
JSON
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$L" -cf "$OUTF" oci-layout index.json blobs
  echo "$NAME:$TAG -> $OUTF (manifest sha256:$MD)"
}

make_image localhost/kubelab/pause 1 '"Entrypoint":["/bin/sleep","infinity"]' "$OUT/pause.tar"
make_image localhost/kubelab/web 1 '"Cmd":["httpd","-f","-p","80","-h","/www"]' "$OUT/web.tar"
make_image localhost/kubelab/shell 1 '"Cmd":["sh"]' "$OUT/shell.tar"
