#!/usr/bin/env bash
# Assembles the node image's base without pulling anything: a Java 17 runtime cut by jlink from the
# local JDK, plus the C libraries it links against, copied from this Debian machine's own packages
# (libc6, libgcc-s1, libstdc++6, zlib1g, and libc-bin's C.UTF-8 locale) with their copyright
# files. The result is a `docker save`-style tarball that jib reads as `tar://` base image; see
# scripts/image.sh.
#
# Usage: k8s/image/base.sh OUT.tar      (JDK_FOR_IMAGE=/path/to/jdk-17 to pick another JDK)
set -euo pipefail

out="$(realpath -m "${1:?usage: base.sh OUT.tar}")"
jdk="${JDK_FOR_IMAGE:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
uid=10001

# Modules from `jdeps --print-module-deps` over the node's jar and Hazelcast, plus what is loaded by
# service lookup and so invisible to jdeps: EC keys for TLS (jdk.crypto.ec), DNS (jdk.naming.dns),
# socket options Netty asks for (jdk.net) and zip file systems (jdk.zipfs).
modules=java.base,java.compiler,java.desktop,java.naming,java.scripting,java.security.jgss,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.naming.dns,jdk.net,jdk.zipfs

# The C libraries' packages; the node needs nothing else from the system (checked below).
packages=(libc6 libgcc-s1 libstdc++6 zlib1g)

# java.desktop is here for java.beans only; its native parts need X11, sound and font libraries
# the image does not have, so they are left out rather than shipped unloadable.
unused_natives=(libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so libfontmanager.so libjavajpeg.so liblcms.so)

grep -q '^JAVA_VERSION="17\.' "$jdk/release" || { echo "base.sh: $jdk is not a JDK 17 (set JDK_FOR_IMAGE)" >&2; exit 1; }
[ -d "$jdk/jmods" ] || { echo "base.sh: $jdk has no jmods; jlink needs them (Debian: openjdk-17-jdk-headless)" >&2; exit 1; }

work="$(dirname "$out")/base-work"
rm -rf "$work"
mkdir -p "$work/rootfs" "$work/home" "$work/image"
root="$work/rootfs"

echo "== jlink: Java runtime from $jdk"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$work/jre"
for lib in "${unused_natives[@]}"; do rm -f "$work/jre/lib/$lib"; done
mkdir -p "$root/opt"
cp -a "$work/jre" "$root/opt/java"

echo "== C libraries from Debian packages: ${packages[*]}"
# Debian merges /lib into /usr/lib: files go under their real directory, the top-level names
# become the same symbolic links as on Debian.
for link in bin lib lib64 sbin; do ln -s "usr/$link" "$root/$link"; done
mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/usr/lib64" "$root/usr/sbin"
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Package} ${Version}\n' "$package" >>"$work/packages.txt"
  while IFS= read -r path; do
    [ -e "$path" ] || [ -L "$path" ] || continue
    [ -d "$path" ] && [ ! -L "$path" ] && continue
    case "$path" in /bin | /lib | /lib64 | /sbin | /usr/share/* | */gconv/*) continue ;; esac
    target="$root$(realpath "$(dirname "$path")")/$(basename "$path")"
    mkdir -p "$(dirname "$target")"
    cp -P "$path" "$target"
  done < <(dpkg-query -L "$package")
  # Some packages' doc folders are links to their source package's; the copyright is what counts.
  mkdir -p "$root/usr/share/doc/$package"
  cp -L "/usr/share/doc/$package/copyright" "$root/usr/share/doc/$package/copyright"
done
# Java 17 takes its default charset from the locale: C.UTF-8 (LANG in the config below) makes it UTF-8.
dpkg-query -W -f='${Package} ${Version} (C.utf8 locale only)\n' libc-bin >>"$work/packages.txt"
mkdir -p "$root/usr/lib/locale"
cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
mkdir -p "$root/usr/share/tandem-base"
cp "$work/packages.txt" "$root/usr/share/tandem-base/packages.txt"
"$jdk/bin/java" -version 2>&1 | head -1 >"$root/usr/share/tandem-base/jdk.txt"

echo "== users, name service, /tmp"
# Mount points exist in the image (/etc/tandem: the ConfigMap), so a read-only root file system
# needs no runtime to make them.
mkdir -p "$root/etc/tandem" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\ntandem:x:%d:%d:Tandem node:/var/lib/tandem:/sbin/nologin\n' $uid $uid >"$root/etc/passwd"
printf 'root:x:0:\ntandem:x:%d:\n' $uid >"$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"

echo "== check: every ELF file finds the libraries it needs inside the image"
libdirs=("$root/usr/lib/x86_64-linux-gnu" "$root/opt/java/lib" "$root/opt/java/lib/server")
missing=0
while IFS= read -r elf; do
  while IFS= read -r needed; do
    found=""
    for dir in "${libdirs[@]}"; do [ -e "$dir/$needed" ] && found=1; done
    if [ -z "$found" ]; then echo "  $elf needs $needed: not in the image" >&2; missing=1; fi
  done < <(readelf -d "$elf" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
done < <(find "$root" -type f \( -name '*.so*' -o -perm -u+x \) -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print)
[ "$missing" -eq 0 ] || exit 1

echo "== layers"
# Two layers: the system as root, and the node's home owned by its user. Fixed times and owners
# make the same inputs give the same digests.
tar_flags=(--sort=name --mtime=@0 --numeric-owner --format=gnu)
tar -C "$root" "${tar_flags[@]}" --owner=0 --group=0 -cf "$work/image/system.tar" .
mkdir -p "$work/home/var/lib/tandem"
chmod 0750 "$work/home/var/lib/tandem"
tar -C "$work/home" "${tar_flags[@]}" --owner=0 --group=0 -cf "$work/image/home-parents.tar" --no-recursion ./var ./var/lib
tar -C "$work/home" "${tar_flags[@]}" --owner=$uid --group=$uid -cf "$work/image/home-own.tar" ./var/lib/tandem
tar -A -f "$work/image/home-parents.tar" "$work/image/home-own.tar"
mv "$work/image/home-parents.tar" "$work/image/home.tar"
rm "$work/image/home-own.tar"

diff_id() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }
cat >"$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"User":"$uid:$uid","WorkingDir":"/var/lib/tandem",
  "Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$(diff_id "$work/image/system.tar")","$(diff_id "$work/image/home.tar")"]},
 "history":[{"created_by":"k8s/image/base.sh: jlink ($modules) + ${packages[*]}"},
            {"created_by":"k8s/image/base.sh: /var/lib/tandem for uid $uid"}]}
JSON
cat >"$work/image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["tandem-base:local"],"Layers":["system.tar","home.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar -C "$work/image" "${tar_flags[@]}" --owner=0 --group=0 -cf "$out" manifest.json config.json system.tar home.tar
echo "== base image: $out ($(du -h "$out" | cut -f1))"
