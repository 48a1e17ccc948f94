using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>
/// What a test does to a PostgreSQL cluster of its own (in a data folder laid out as <see cref="EmbeddedPostgres"/> lays
/// it out): crash it, kill its postmaster, hold its start lock, start it as a person would, stop it, throw it away. The
/// server's programs run as its OS user (<c>postgres</c> when the tests run as root).
/// </summary>
public sealed class ClusterControl(string dataFolder)
{
    /// <summary>The cluster as the API's own code sees it (connection strings, bin folder, OS user).</summary>
    public EmbeddedPostgres Pg { get; } = new(Path.GetFullPath(dataFolder), NullLogger.Instance);

    /// <summary>The data folder (the cluster is in <c>pg/</c>).</summary>
    public string DataFolder => Pg.DataFolder;

    /// <summary>A new folder under the system's temporary folder, for a cluster that a test makes itself.</summary>
    public static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "gm-cluster-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>Kills the server as a power cut would: SIGQUIT to the postmaster, no shutdown checkpoint (crash recovery at the next start).</summary>
    public void Crash() => ServerTools.Run(Pg, "pg_ctl", ["-D", Pg.ClusterFolder, "-m", "immediate", "-w", "stop"]);

    /// <summary>Starts the server again (it replays its WAL first); every pooled connection to the old one is dead.</summary>
    public void Start(string database = "geomonitor")
    {
        NpgsqlConnection.ClearAllPools();
        Pg.EnsureStarted(database);
    }

    /// <summary>Stops the server if it runs (a fast shutdown).</summary>
    public void Stop() => Pg.Stop();

    /// <summary>The pid in postmaster.pid (the running postmaster's, or a dead one's).</summary>
    public int PostmasterPid() => int.Parse(File.ReadLines(Path.Combine(Pg.ClusterFolder, "postmaster.pid")).First());

    /// <summary>SIGKILLs the postmaster (Process.Kill sends SIGKILL): no shutdown, no checkpoint, its children orphaned.</summary>
    /// <returns>The pid killed.</returns>
    public int KillPostmaster()
    {
        var pid = PostmasterPid();
        using var p = Process.GetProcessById(pid);
        p.Kill();
        return pid;
    }

    /// <summary>
    /// Holds the data folder's lock (the one <see cref="EmbeddedPostgres"/> takes to create or start the cluster) until
    /// disposed: while held, nothing can start the cluster, so an outage lasts as long as a test needs to look at it.
    /// </summary>
    public IDisposable HoldStartLock() =>
        new FileStream(Path.Combine(DataFolder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    /// <summary>
    /// Starts the cluster the way a person would, with no options: <c>pg_ctl -D &lt;data&gt;/pg start</c>, as the server's OS
    /// user (through the shell only to send its output to a file: a pipe would stay open in the server).
    /// </summary>
    public void PlainStart()
    {
        var log = Path.Combine(Pg.ClusterFolder, "plain-start.log");
        string[] sh = ["sh", "-c", "exec \"$0\" -D \"$1\" start >\"$2\" 2>&1", Path.Combine(Pg.BinFolder, "pg_ctl"), Pg.ClusterFolder, log];
        string[] command = Environment.UserName == "root" ? ["runuser", "-u", Pg.OsUser, "--", .. sh] : sh;
        using var p = Process.Start(command[0], command[1..]);
        if (!p.WaitForExit(90_000)) throw new TimeoutException("pg_ctl start did not return within 90 s");
        if (p.ExitCode != 0) throw new InvalidOperationException($"pg_ctl start failed ({p.ExitCode}): {File.ReadAllText(log)}");
    }

    /// <summary>Stops the server if it runs (immediate: it is thrown away) and deletes the data folder.</summary>
    public void Remove()
    {
        NpgsqlConnection.ClearAllPools();
        try { Crash(); }
        catch (InvalidOperationException) { } // not running
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
