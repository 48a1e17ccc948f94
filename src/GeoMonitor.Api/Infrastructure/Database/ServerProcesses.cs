using System.Diagnostics;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// What Linux's /proc says about the server processes of one cluster folder: whether the postmaster named in
/// <c>postmaster.pid</c> still lives, and which server processes a dead postmaster left behind.
/// </summary>
/// <remarks>
/// <c>pg_ctl status</c> alone cannot tell: it only sends signal 0 to the pid in <c>postmaster.pid</c>, which succeeds for
/// a killed postmaster that its parent has not reaped yet (a zombie; seen here for several seconds after a SIGKILL) and
/// for an unrelated process that was given the same pid later. Every server process keeps the cluster folder as its
/// working directory (the postmaster changes into it and its children inherit it), which identifies them; the
/// children cannot be found by process group, since PostgreSQL puts each of them in a session of its own.
/// </remarks>
public sealed class ServerProcesses(string clusterFolder)
{
    private readonly string _folder = RealPath(clusterFolder);

    /// <summary>The state of a process, from /proc/&lt;pid&gt;/stat.</summary>
    public enum Liveness
    {
        /// <summary>A running PostgreSQL process whose working directory is this cluster (or cannot be read).</summary>
        Ours,
        /// <summary>A running PostgreSQL process of another cluster (the pid was used again).</summary>
        Foreign,
        /// <summary>No such process, a zombie, or another program using the pid.</summary>
        Gone,
    }

    /// <summary>Whether these checks can be made here (they need Linux's /proc).</summary>
    public static bool Supported => OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    /// <summary>Whether <paramref name="pid"/> is a live server process of this cluster.</summary>
    public Liveness Check(int pid)
    {
        var (state, name) = ReadStat(pid);
        if (state is null || name != "postgres") return Liveness.Gone;
        var cwd = WorkingDirectory(pid);
        // Unreadable means "not ours to judge": treat it as alive, so that nothing is started next to it.
        return cwd is null || cwd == _folder ? Liveness.Ours : Liveness.Foreign;
    }

    /// <summary>The live PostgreSQL processes (not zombies) whose working directory is this cluster.</summary>
    public IReadOnlyList<int> InCluster()
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var (state, name) = ReadStat(pid);
            if (state is null || name != "postgres") continue;
            if (WorkingDirectory(pid) == _folder) found.Add(pid);
        }
        return found;
    }

    /// <summary>
    /// SIGKILLs the processes a dead postmaster left behind (backends finishing a statement, background workers) and
    /// waits up to <paramref name="wait"/> for them to be gone: while one lives it keeps the old shared memory
    /// attached and PostgreSQL refuses to start ("pre-existing shared memory block is still in use"). Call only when
    /// the postmaster is known to be dead. Returns how many were killed.
    /// </summary>
    public int KillLeftovers(TimeSpan wait)
    {
        var left = InCluster();
        foreach (var pid in left)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        var deadline = Stopwatch.StartNew();
        while (InCluster().Count > 0 && deadline.Elapsed < wait) Thread.Sleep(20);
        return left.Count;
    }

    /// <summary>
    /// The state and name of a process that lives, or nulls for one that does not: gone, a zombie, or exiting (killed:
    /// its files, among them the pipe that tells the postmaster's children it lives, are already closed while its state
    /// is not yet "zombie").
    /// </summary>
    private static (char? State, string? Name) ReadStat(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return (null, null); }
        // "pid (comm) state ppid pgrp session tty_nr tpgid flags ...": comm may itself hold spaces or parentheses, so it
        // ends at the last ')'.
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.Length) return (null, null);
        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 7 || fields[0] is "Z" or "X" or "x") return (null, null);
        if (uint.TryParse(fields[6], out var flags) && (flags & ExitingFlag) != 0) return (null, null);
        return (fields[0][0], stat[(open + 1)..close]);
    }

    /// <summary>PF_EXITING in the kernel's per-process flags: the process is being torn down.</summary>
    private const uint ExitingFlag = 0x4;

    private static string? WorkingDirectory(int pid)
    {
        try { return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The path with every symbolic link resolved, as the kernel reports a process's working directory.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new DirectoryInfo(next).LinkTarget;
            current = target is null ? next : RealPath(Path.GetFullPath(target, current));
        }
        return current;
    }
}
