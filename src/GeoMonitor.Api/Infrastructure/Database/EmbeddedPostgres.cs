using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// A PostgreSQL 15 + PostGIS cluster that GeoMonitor runs for itself in a data folder, so that a new
/// machine needs no database set-up. It listens on 127.0.0.1 only, on a port chosen when the cluster is
/// created, with a random password kept in the data folder.
/// </summary>
/// <remarks>
/// The port, the listen address and the socket setting live in the cluster itself (<c>pg/geomonitor.conf</c>, included
/// from <c>postgresql.conf</c>), so that any start — the API's, a person's <c>pg_ctl -D &lt;data&gt;/pg start</c>, a
/// system service's — comes up where the API connects. initdb and postgres refuse to run as root, so when this process
/// is root the server runs as an unprivileged OS user (default <c>postgres</c>, which Debian's packages create).
/// </remarks>
public sealed class EmbeddedPostgres
{
    private const string DatabaseName = "geomonitor";
    private const string SuperUser = "geomonitor";

    /// <summary>The file in the cluster folder holding GeoMonitor's server settings.</summary>
    public const string SettingsFileName = "geomonitor.conf";

    /// <summary>The line of postgresql.conf that reads <see cref="SettingsFileName"/>.</summary>
    public const string IncludeLine = "include 'geomonitor.conf'";

    private readonly ILogger _log;
    private ServerProcesses? _processes;

    /// <summary>Creates a handle on the cluster in <paramref name="dataFolder"/> (nothing is started yet).</summary>
    public EmbeddedPostgres(string dataFolder, ILogger log, string? binFolder = null, string? osUser = null)
    {
        DataFolder = Path.GetFullPath(dataFolder);
        _log = log;
        BinFolder = binFolder ?? Environment.GetEnvironmentVariable("GEOMONITOR_PG_BIN") ?? FindBinFolder();
        OsUser = osUser ?? Environment.GetEnvironmentVariable("GEOMONITOR_PG_USER") ?? "postgres";
    }

    /// <summary>The GeoMonitor data folder (holds the cluster in <c>pg/</c> and its credentials).</summary>
    public string DataFolder { get; }

    /// <summary>Where initdb, pg_ctl and postgres are.</summary>
    public string BinFolder { get; }

    /// <summary>The OS user the server runs as when this process is root.</summary>
    public string OsUser { get; }

    /// <summary>The cluster itself (PGDATA): <c>pg/</c> in the data folder.</summary>
    public string ClusterFolder => Path.Combine(DataFolder, "pg");

    private string PidFile => Path.Combine(ClusterFolder, "postmaster.pid");
    private string CredentialsFile => Path.Combine(DataFolder, "pg-credentials.json");
    private string LogFile => Path.Combine(ClusterFolder, "server.log");
    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>True when this process started the server (and so should stop it on shutdown).</summary>
    public bool StartedHere { get; private set; }

    private ServerProcesses Processes => _processes ??= new ServerProcesses(ClusterFolder);

    /// <summary>
    /// Creates the cluster if the folder has none, starts it unless it is already running, and creates the
    /// geomonitor database. Safe to call from several processes at once: a lock file serializes them.
    /// </summary>
    /// <returns>The connection string of the geomonitor database.</returns>
    public string EnsureStarted(string? databaseName = null)
    {
        Directory.CreateDirectory(DataFolder);
        using (AcquireLock())
        {
            var sw = Stopwatch.StartNew();
            if (!File.Exists(Path.Combine(ClusterFolder, "PG_VERSION"))) InitCluster();
            var creds = ReadCredentials();
            WriteSettings(creds);
            if (!IsRunning())
            {
                ClearLeftovers();
                StartServer();
            }
            var cs = ConnectionString(creds, "postgres");
            EnsureDatabase(cs, databaseName ?? DatabaseName);
            _log.LogInformation("Embedded PostgreSQL ready on 127.0.0.1:{Port} in {Ms} ms (data: {Folder})", creds.Port, sw.ElapsedMilliseconds, DataFolder);
            return ConnectionString(creds, databaseName ?? DatabaseName);
        }
    }

    /// <summary>The connection string of <paramref name="database"/> on this (running) cluster.</summary>
    public string ConnectionStringFor(string database) => ConnectionString(ReadCredentials(), database);

    /// <summary>Stops the server (fast shutdown: open transactions roll back, committed work is kept).</summary>
    public void Stop()
    {
        if (!IsRunning()) return;
        RunChecked("pg_ctl", ["-D", ClusterFolder, "-m", "fast", "-w", "-t", "60", "stop"]);
        _log.LogInformation("Embedded PostgreSQL stopped");
    }

    /// <summary>
    /// Whether a server is running on this cluster: <c>pg_ctl status</c> says so and, where /proc can tell, the pid in
    /// postmaster.pid is a live server process of this folder (not a killed postmaster nobody has reaped yet).
    /// </summary>
    public bool IsRunning() =>
        File.Exists(Path.Combine(ClusterFolder, "PG_VERSION"))
        && Run("pg_ctl", ["-D", ClusterFolder, "status"]).ExitCode == 0
        && (!ServerProcesses.Supported || Probe().Alive);

    /// <summary>
    /// A cheap look at the postmaster (no process is started): its pid file, whether that pid is a live server process
    /// of this folder, and whether it has finished starting (crash recovery included). Needs /proc (see
    /// <see cref="ServerProcesses.Supported"/>).
    /// </summary>
    public PostmasterProbe Probe()
    {
        string[] lines;
        try { lines = File.ReadAllLines(PidFile); }
        catch (FileNotFoundException) { return new(false, null, false, "postmaster.pid is gone (the server was stopped)"); }
        catch (DirectoryNotFoundException) { return new(false, null, false, "the cluster folder is gone"); }
        // A postmaster writes its pid file in steps while it starts: an unfinished one belongs to a server starting now.
        if (lines.Length == 0 || !int.TryParse(lines[0], out var pid)) return new(true, null, false, "postmaster.pid is being written");
        if (Processes.Check(pid) != ServerProcesses.Liveness.Ours)
            return new(false, pid, false, $"the postmaster (pid {pid}) is gone without a shutdown (killed or crashed)");
        // Line 8 is the postmaster's status: "ready" once it accepts connections, "starting" during crash recovery.
        var ready = lines.Length >= 8 && lines[7].Trim() == "ready";
        return new(true, pid, ready, ready ? "running" : "starting");
    }

    /// <summary>
    /// Starts the server again when it is not running — after a crash, PostgreSQL replays its WAL before it accepts
    /// connections — and otherwise leaves it alone. Holds the data folder's lock, so that it never races another start
    /// (an API, a <c>keys</c> command) into two postmasters on one folder.
    /// </summary>
    /// <returns>Whether this call started it, how long the start took, and how many leftover server processes of the
    /// dead postmaster it killed first.</returns>
    public RestartResult StartIfStopped()
    {
        using (AcquireLock())
        {
            if (IsRunning()) return new(false, TimeSpan.Zero, 0);
            WriteSettings(ReadCredentials());
            var leftovers = ClearLeftovers();
            var sw = Stopwatch.StartNew();
            StartServer();
            return new(true, sw.Elapsed, leftovers);
        }
    }

    /// <summary>The path of the server log (pg_ctl -l) in the cluster folder.</summary>
    public string ServerLog => LogFile;

    private void StartServer()
    {
        PrepareOwnership();
        // No -o: the port, listen address and socket setting come from the cluster's own configuration (WriteSettings),
        // exactly as for any other start.
        RunChecked("pg_ctl", ["-D", ClusterFolder, "-l", LogFile, "-w", "-t", "60", "start"]);
        StartedHere = true;
    }

    /// <summary>
    /// After a postmaster died (not running, by <see cref="IsRunning"/>): kills the server processes it left behind and
    /// removes its pid file when that names a zombie or a pid now used by another program (PostgreSQL refuses to start
    /// over either; a pid file naming no process at all it replaces by itself).
    /// </summary>
    private int ClearLeftovers()
    {
        if (!ServerProcesses.Supported) return 0;
        var killed = Processes.KillLeftovers(TimeSpan.FromSeconds(10));
        if (killed > 0) _log.LogWarning("Killed {Count} server processes left behind by a dead postmaster in {Folder}", killed, ClusterFolder);
        // Only when the pid names no server process at all: one of another cluster is left for PostgreSQL to refuse.
        if (Probe() is { Alive: false, Pid: { } stale } && Processes.Check(stale) == ServerProcesses.Liveness.Gone
            && Processes.InCluster().Count == 0)
        {
            File.Delete(PidFile);
            _log.LogWarning("Removed the stale postmaster.pid of pid {Pid} in {Folder}", stale, ClusterFolder);
        }
        return killed;
    }

    /// <summary>
    /// Writes <see cref="SettingsFileName"/> (when its content differs) and the line of postgresql.conf that includes
    /// it (when missing): at creation, and at every start, which is how a cluster created before the settings lived in
    /// it is upgraded in place. A running server keeps what it started with; the values are the ones it was started
    /// with anyway (the port comes from the same credentials file).
    /// </summary>
    private void WriteSettings(Credentials creds)
    {
        var settings = Path.Combine(ClusterFolder, SettingsFileName);
        var text = SettingsText(creds.Port);
        if (!File.Exists(settings) || File.ReadAllText(settings) != text)
        {
            File.WriteAllText(settings, text);
            ChownIfRoot(settings);
        }
        var main = Path.Combine(ClusterFolder, "postgresql.conf");
        if (File.ReadLines(main).Any(l => l.Trim() == IncludeLine)) return;
        File.AppendAllText(main, $"\n# GeoMonitor's own settings (port, listen address, socket); written by the API, see that file.\n{IncludeLine}\n");
        _log.LogInformation("Added GeoMonitor's settings to the cluster's configuration ({File})", settings);
    }

    /// <summary>The content of <see cref="SettingsFileName"/> for a cluster on <paramref name="port"/>.</summary>
    internal static string SettingsText(int port) => $"""
        # GeoMonitor's settings for its embedded cluster, included from postgresql.conf (the last line there), so that any
        # start - the API's, `pg_ctl -D <this folder> start`, a system service's - listens where the API connects.
        # Rewritten by the API at every start: change the port in ../pg-credentials.json, not here, and do not override
        # these with ALTER SYSTEM (postgresql.auto.conf would win).
        port = {port}
        # TCP on loopback only; the API connects to 127.0.0.1.
        listen_addresses = '127.0.0.1'
        # No Unix socket: nothing connects through one, and a socket path inside a deep data folder can pass the
        # 107-byte limit of socket paths and stop the server from starting. psql: -h 127.0.0.1 -p {port}.
        unix_socket_directories = ''
        # PostgreSQL's default, relied on: when one backend crashes (e.g. the OOM killer), the postmaster resets the
        # others and recovers by itself. The API restarts the postmaster itself when that dies.
        restart_after_crash = on
        {(OperatingSystem.IsLinux() ? SyncfsSetting : "")}
        """;

    // syncfs exists on Linux only; elsewhere PostgreSQL would refuse the value and not start.
    private const string SyncfsSetting = """
        # Crash recovery first makes sure everything in the cluster is on disk: one syncfs() of its file system instead
        # of an fsync() of every file. Measured here under load: a restart after a kill in 0.25 s instead of 0.4-1.5 s.
        # (Linux before 5.8 may not report write errors through syncfs; see PostgreSQL's documentation of the setting.)
        recovery_init_sync_method = syncfs

        """;

    private void InitCluster()
    {
        var creds = new Credentials(FreePort(), Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
        Directory.CreateDirectory(ClusterFolder);
        var pwFile = Path.Combine(DataFolder, ".pwfile");
        File.WriteAllText(pwFile, creds.Password + "\n");
        try
        {
            PrepareOwnership();
            ChownIfRoot(pwFile);
            RunChecked("initdb", ["-D", ClusterFolder, "-U", SuperUser, "--pwfile", pwFile, "--auth=scram-sha-256",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"]);
        }
        finally
        {
            File.Delete(pwFile);
        }
        File.WriteAllText(CredentialsFile, JsonSerializer.Serialize(creds));
        WriteSettings(creds);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(CredentialsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _log.LogInformation("Created embedded PostgreSQL cluster in {Folder}", ClusterFolder);
    }

    private void EnsureDatabase(string adminConnectionString, string database)
    {
        // Unpooled: a pooled connection may be left from before the server was last stopped or killed, and is dead.
        using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        conn.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
        exists.Parameters.AddWithValue(database);
        if (exists.ExecuteScalar() is not null) return;
        // CREATE DATABASE takes no parameters; the name is checked to be a plain identifier first.
        if (!System.Text.RegularExpressions.Regex.IsMatch(database, "^[a-z_][a-z0-9_]{0,62}$"))
            throw new ArgumentException($"Invalid database name '{database}'.", nameof(database));
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", conn);
        try { create.ExecuteNonQuery(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase || e.SqlState == PostgresErrorCodes.UniqueViolation) { }
    }

    private Credentials ReadCredentials() =>
        JsonSerializer.Deserialize<Credentials>(File.ReadAllText(CredentialsFile))
        ?? throw new InvalidOperationException($"Unreadable {CredentialsFile}.");

    private static string ConnectionString(Credentials c, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = c.Port,
        Username = SuperUser,
        Password = c.Password,
        Database = database,
        MaxPoolSize = 50,
    }.ConnectionString;

    private void PrepareOwnership()
    {
        if (!IsRoot || OperatingSystem.IsWindows()) return;
        // The server user must reach the cluster folder: grant traverse (not read) on the ancestors.
        for (var dir = new DirectoryInfo(DataFolder); dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute)) File.SetUnixFileMode(dir.FullName, mode | UnixFileMode.OtherExecute);
        }
        RunChecked("chown", ["-R", $"{OsUser}:", ClusterFolder], asServerUser: false);
        File.SetUnixFileMode(ClusterFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private void ChownIfRoot(string path)
    {
        if (IsRoot) RunChecked("chown", [$"{OsUser}:", path], asServerUser: false);
    }

    private IDisposable AcquireLock()
    {
        var path = Path.Combine(DataFolder, ".lock");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(100); }
        }
    }

    private void RunChecked(string tool, string[] args, bool asServerUser = true)
    {
        var r = Run(tool, args, asServerUser);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed with exit code {r.ExitCode}: {r.Output.Trim()}"
                + (File.Exists(LogFile) && tool == "pg_ctl" ? $"\nserver log:\n{TailOfLog()}" : ""));
    }

    private string TailOfLog()
    {
        try { return string.Join('\n', File.ReadLines(LogFile).TakeLast(20)); }
        catch (IOException) { return "(unreadable)"; }
    }

    private (int ExitCode, string Output) Run(string tool, string[] args, bool asServerUser = true)
    {
        var exe = tool == "chown" ? "chown" : Path.Combine(BinFolder, tool);
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServerUser && IsRoot)
        {
            psi.FileName = "runuser";
            foreach (var a in (string[])["-u", OsUser, "--", exe]) psi.ArgumentList.Add(a);
        }
        else psi.FileName = exe;
        foreach (var a in args) psi.ArgumentList.Add(a);
        // pg_ctl start leaves the server running with our pipes open unless its output goes elsewhere;
        // -l sends the server's output to the log, so reading to the end here does not hang.
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }

    private static string FindBinFolder()
    {
        foreach (var v in new[] { "15", "16", "17" })
        {
            var dir = $"/usr/lib/postgresql/{v}/bin";
            if (File.Exists(Path.Combine(dir, "initdb"))) return dir;
        }
        throw new InvalidOperationException("PostgreSQL server binaries not found: install postgresql-15 and postgresql-15-postgis-3 (scripts/run.sh does), or set GEOMONITOR_PG_BIN.");
    }

    /// <summary>A TCP port free on 127.0.0.1 now (the tests give a standby one too).</summary>
    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed record Credentials(int Port, string Password);
}

/// <summary>What <see cref="EmbeddedPostgres.Probe"/> saw.</summary>
/// <param name="Alive">Whether a postmaster of this cluster is running (possibly still recovering).</param>
/// <param name="Pid">The pid in postmaster.pid, when there is one.</param>
/// <param name="Ready">Whether it accepts connections.</param>
/// <param name="Detail">In words, for logs and /health.</param>
public sealed record PostmasterProbe(bool Alive, int? Pid, bool Ready, string Detail);

/// <summary>What <see cref="EmbeddedPostgres.StartIfStopped"/> did.</summary>
/// <param name="Started">False when a server was already running (someone else started it).</param>
/// <param name="Took">From <c>pg_ctl start</c> to accepting connections: crash recovery included.</param>
/// <param name="LeftoversKilled">Server processes of the dead postmaster killed before the start.</param>
public sealed record RestartResult(bool Started, TimeSpan Took, int LeftoversKilled);
