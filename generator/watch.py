"""What changed in the record folders since the last build, without a stat per file: a Linux
inotify watch held by a process that builds again (`buildcache.Memory`, the worker).

A one-article rebuild in the worker stat'ed every record file and article text (~56,000 at
10,000 articles, 0.47 s) to find the few an edit touched, and listed the four record folders
again (0.12 s). The kernel can say which names changed: a watch on each record folder, started
before the full stat scan it replaces, reports every name created, written, changed in its
attributes, deleted or moved into or out of it. A rebuild then stats only those names and keeps
the other files' stamps as the last build verified them (a cache entry is a hit exactly as a
matching stat would make it); a folder keeps its last listing, with only the names that had an
event looked at again.

It vouches only for what inotify reports; otherwise the build stats every file as a new process
does:
- no inotify (not Linux, no libc symbol), no watch left (`max_user_watches`), or a folder on a
  file system whose files can change without the kernel seeing it (NFS, FUSE, a VM's shared
  folder): only the local file systems of `LOCAL` are trusted;
- a lost queue (IN_Q_OVERFLOW: more than `/proc/sys/fs/inotify/max_queued_events`, 16,384 by
  default, events between two builds: a git checkout, a script rewriting everything);
- a watched folder deleted, moved, unmounted, or another folder now at its path (data/ or a
  record folder whose device and inode differ from when the watch started: a parent renamed, a
  symlink pointed elsewhere);
- the first build of the process, another project, or a cache read back from disk (its stamps
  were not verified while this watch ran): `begin(trusted=False)`.
Some paths are always stat'ed: symlinks (a write to the target is reported to the target's
folder) and files with more than one hard link (a write through another name is reported to
that name's folder), both learnt from the listing and from the stats the build takes anyway,
and files outside the record folders (an article text lives beside its record: none today).
Sub-folders are not watched: the loader reads no file in them (a folder named like a record
file is reported, and comes with a create event in its parent).
Not seen, as with any inotify user: a write through a shared mmap, and a write through a hard
link made from outside data/ after the file was last stat'ed (a link count change is reported
to watches on the file, not on its folder).

The queue is read once, when a build begins: events that arrive during a build stay queued, and
the next build stats those files.
"""

from __future__ import annotations

import bisect
import ctypes
import os
import stat
import struct
import sys
import weakref
from pathlib import Path

from .diagnostics import Diagnostics
from .load import _yaml_names, say_unlisted, yaml_entry

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF, IN_UNMOUNT, IN_Q_OVERFLOW, IN_IGNORED = 0x400, 0x800, 0x2000, 0x4000, 0x8000
IN_ONLYDIR = 0x1000000
FOLDER_EVENTS = (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
                 | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
LOST = IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED     # the watch can vouch for nothing
EVENT = struct.Struct("iIII")          # struct inotify_event: wd, mask, cookie, len; then the name, NUL-padded

LOCAL = {0xEF53: "ext2/3/4", 0x58465342: "xfs", 0x9123683E: "btrfs", 0x01021994: "tmpfs", 0x858458F6: "ramfs",
         0xF2F52010: "f2fs", 0x2FC12FC1: "zfs", 0xCA451A4E: "bcachefs", 0x52654973: "reiserfs", 0x3153464A: "jfs",
         0x794C7630: "overlay"}       # statfs f_type; overlay: a container's own writes (its lower layers do not change)

_libc: object = None         # None: not looked for yet; False: no inotify here


def _inotify():
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                lib = ctypes.CDLL(None, use_errno=True)        # the libc the interpreter runs on
                lib.inotify_init1.argtypes = [ctypes.c_int]
                lib.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
                lib.statfs.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
                _libc = lib
            except (OSError, AttributeError):
                pass
    return _libc or None


def _local(lib, folder: str) -> bool:
    buf = ctypes.create_string_buffer(512)        # struct statfs: 120 bytes on x86-64, f_type first
    if lib.statfs(os.fsencode(folder), buf) != 0:
        return False
    return (ctypes.c_long.from_buffer(buf).value & 0xFFFFFFFF) in LOCAL


def _descriptor(lib, owner) -> tuple[int | None, object]:
    """A non-blocking inotify descriptor, closed when `owner` goes (or by the finalizer returned)."""
    fd = lib.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    return (fd, weakref.finalize(owner, os.close, fd)) if fd >= 0 else (None, None)


def _queued(fd: int) -> list[tuple[int, int, str]] | None:
    """Every event queued on the descriptor, as (watch, mask, name); None when it cannot be read.
    The queue is read to its end either way."""
    events = []
    while True:
        try:
            buf = os.read(fd, 1 << 16)
        except BlockingIOError:
            return events
        except OSError:
            return None
        if not buf:
            return events
        at = 0
        while at < len(buf):
            wd, mask, _cookie, size = EVENT.unpack_from(buf, at)
            at += EVENT.size
            events.append((wd, mask, os.fsdecode(buf[at:at + size].rstrip(b"\0"))))
            at += size


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class _PathEntry:
    """One name of a folder looked at by path, with the `os.DirEntry` methods `load.yaml_entry` asks."""

    __slots__ = ("name", "path")

    def __init__(self, name: str, path: str):
        self.name, self.path = name, path

    def _mode(self, follow: bool) -> int | None:
        try:
            return (os.stat if follow else os.lstat)(self.path).st_mode
        except FileNotFoundError:
            return None

    def is_file(self) -> bool:
        mode = self._mode(True)
        return mode is not None and stat.S_ISREG(mode)

    def is_dir(self) -> bool:
        mode = self._mode(True)
        return mode is not None and stat.S_ISDIR(mode)

    def is_symlink(self) -> bool:
        mode = self._mode(False)
        return mode is not None and stat.S_ISLNK(mode)


class _Listing:
    """A record folder as the loader lists it (load._yaml_names), kept up to date name by name."""

    __slots__ = ("found", "records", "problems")

    def __init__(self):
        self.found: list[tuple[str, bool]] = []          # sorted (name, is a symlink): what the loader reads
        self.records: dict[str, bool] = {}
        self.problems: dict[str, tuple[str, str, str]] = {}

    def set(self, name: str, listed) -> None:
        if name in self.records:
            del self.found[bisect.bisect_left(self.found, (name,))]
            del self.records[name]
        self.problems.pop(name, None)
        if type(listed) is bool:
            bisect.insort(self.found, (name, listed))
            self.records[name] = listed
        elif listed is not None:
            self.problems[name] = listed


class Watch:
    """The inotify watch of one project's record folders and what it saw between builds."""

    def __init__(self, data: Path, folders: tuple[str, ...]):
        self.data = data
        self.folders = [str(data / name) for name in folders]
        self.vouching = False            # this build: a file with no event keeps its stamp unstat'ed
        self.touched: set[str] = set()   # this build: the paths that had an event since the last one
        self.always: set[str] = set()    # paths never vouched for: symlinks, files with several links
        self._fd: int | None = None
        self._close = None
        self._wds: dict[int, str] = {}
        self._watched: frozenset[str] = frozenset()
        self._identities: list = []
        self._listed: dict[str, _Listing] = {}

    @property
    def active(self) -> bool:
        return self._fd is not None

    # --- between builds --------------------------------------------------------------------------

    def begin(self, trusted: bool) -> None:
        """Read what happened since the last build. `trusted`: the build uses the cache the last
        build of this process left, every stamp of which was verified or taken while this watch
        ran. Otherwise, or when the watch lost track, it starts again, before the build's full
        stat scan, and vouches for nothing this time."""
        names = self._drain() if self._fd is not None else None
        if names is None or not trusted or self._identities != self._identify():
            self._arm()
            return
        self.touched = set()
        try:
            for folder, changed in names.items():
                listing = self._listed.get(folder)
                for name in changed:
                    path = f"{folder}/{name}"
                    self.touched.add(path)
                    if listing is not None:
                        entry = _PathEntry(name, path)
                        if entry.is_symlink():
                            self.always.add(path)
                        try:
                            os.lstat(path)
                            listed = yaml_entry(entry)
                        except FileNotFoundError:     # gone
                            listed = None
                        listing.set(name, listed)
        except OSError:                 # a name that cannot be looked at (EACCES): the loader's listing says why
            self._arm()
            return
        self.vouching = True

    def _drain(self) -> dict[str, set[str]] | None:
        """The names with an event, by folder; None when the watch cannot vouch for them all."""
        events = _queued(self._fd)
        if events is None:
            return None
        names: dict[str, set[str]] = {}
        lost = False
        for wd, mask, name in events:
            folder = self._wds.get(wd)
            if mask & LOST or folder is None:       # an overflow comes with wd -1
                lost = True
            elif name:
                names.setdefault(folder, set()).add(name)
        return None if lost else names

    def _identify(self) -> list:
        return [_identity(str(self.data)), *map(_identity, self.folders)]

    def _arm(self) -> None:
        self.close()
        self.vouching, self.touched, self.always, self._listed = False, set(), set(), {}
        lib = _inotify()
        if lib is None:
            return
        identities = self._identify()
        fd, self._close = _descriptor(lib, self)
        if fd is None:
            return
        self._fd = fd
        for folder, identity in zip(self.folders, identities[1:]):
            if identity is None:           # no such folder: nothing to read in it; its creation changes the identities
                continue
            wd = lib.inotify_add_watch(fd, os.fsencode(folder), FOLDER_EVENTS) if _local(lib, folder) else -1
            if wd < 0:                     # a remote file system, no watch left (ENOSPC), gone meanwhile
                self.close()
                return
            self._wds[wd] = folder
        self._watched, self._identities = frozenset(self._wds.values()), identities

    def close(self) -> None:
        if self._close is not None:
            self._close()
        self._fd, self._close, self._wds, self._watched = None, None, {}, frozenset()

    # --- during a build ----------------------------------------------------------------------------

    def vouches_for(self, path: str) -> bool:
        """Whether `path` (an article text a record read) is as the last build stamped it."""
        return (self.vouching and path not in self.touched and path not in self.always
                and path.rpartition("/")[0] in self._watched)

    def listing(self, where: Path, shown: str, diags: Diagnostics) -> list[tuple[str, bool]]:
        """`load._yaml_names` of a record folder, from the listing kept since the watch started
        (the list returned is the watch's own: not to be changed)."""
        folder = str(where)
        listing = self._listed.get(folder)
        if listing is None:
            if folder not in self._watched:
                return _yaml_names(where, shown, diags)
            listing = _Listing()
            try:
                with os.scandir(folder) as entries:
                    for e in entries:
                        if e.is_symlink():
                            self.always.add(f"{folder}/{e.name}")
                        listed = yaml_entry(e)
                        if type(listed) is bool:
                            listing.records[e.name] = listed
                        elif listed is not None:
                            listing.problems[e.name] = listed
            except OSError:                 # said by the loader's own listing
                return _yaml_names(where, shown, diags)
            listing.found = sorted(listing.records.items())
            self._listed[folder] = listing
        for name, problem in listing.problems.items():
            say_unlisted(diags, shown, name, problem)
        return listing.found


IN_ISDIR = 0x40000000
PAGE_EVENTS = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR


class PageWatch:
    """The pages written into the published generation since it was published, without a stat
    per page: write.pages_written_by_hand walked the ~58,000 pages of a 10,000-article site on
    every rebuild (~0.18 s) to refuse to overwrite a page a curator saved there.

    Armed by the worker while it waits (Memory.prime), on every folder of the generation just
    published, then followed by one full walk: a page saved between the publication and the
    arming is found by that walk, any later one is reported. It vouches for nothing (the caller
    walks every page, as a new process does) without inotify, on a file system not in LOCAL,
    after a lost queue, for another generation, or once a folder appeared in it (what a new
    folder holds was never watched)."""

    def __init__(self):
        self.generation: Path | None = None
        self._found: set[str] = set()          # found by the walk that followed the arming
        self._fd: int | None = None
        self._close = None
        self._wds: dict[int, str] = {}         # wd → the folder's path under the generation ("" or "a/b/")
        self._names: set[str] = set()
        self._lost = False

    def arm(self, generation: Path | None, walk) -> None:
        """Watch every folder of `generation`, then `walk()` it (the pages already written since
        it was published, as paths under it)."""
        self.close()
        lib = _inotify()
        if lib is None or generation is None or not _local(lib, str(generation)):
            return
        fd, self._close = _descriptor(lib, self)
        if fd is None:
            return
        self._fd = fd
        stack = [(str(generation), "")]
        while stack:
            folder, rel = stack.pop()
            wd = lib.inotify_add_watch(fd, os.fsencode(folder), PAGE_EVENTS)
            if wd < 0:                     # no watch left (ENOSPC), or gone meanwhile
                self.close()
                return
            self._wds[wd] = rel
            try:
                with os.scandir(folder) as entries:
                    stack.extend((e.path, f"{rel}{e.name}/") for e in entries if e.is_dir(follow_symlinks=False))
            except OSError:
                self.close()
                return
        self.generation, self._found = generation, set(walk())

    def written(self, generation: Path | None) -> set[str] | None:
        """The paths under `generation` that may have been written since it was published: those
        the walk found and those with an event since; None when the watch cannot say."""
        if self._fd is None or generation != self.generation:
            return None
        events = () if self._lost else _queued(self._fd)
        if events is None:
            self._lost = True
            events = ()
        for wd, mask, name in events:
            rel = self._wds.get(wd)
            if mask & (LOST | IN_ISDIR) or rel is None:      # a new folder: nothing in it was watched
                self._lost = True
            elif name:
                self._names.add(rel + name)
        return None if self._lost else self._found | self._names

    def close(self) -> None:
        if self._close is not None:
            self._close()
        self._fd, self._close, self._wds, self.generation = None, None, {}, None
        self._names, self._found, self._lost = set(), set(), False
