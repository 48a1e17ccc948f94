using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>
/// Counts the SQL commands Npgsql sends to one database, from Npgsql's own ActivitySource (one activity per command),
/// so the count includes every command of every code path, not only the ones a loader knows about. Only activities
/// naming this fixture's database are counted: other test classes run at the same time on their own databases.
/// </summary>
public sealed class CommandCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly string _database;
    private readonly ConcurrentQueue<string> _commands = new();

    public CommandCounter(string connectionString)
    {
        _database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (!a.TagObjects.Any(t => Equals(t.Value?.ToString(), _database))) return;
                var statement = a.TagObjects.FirstOrDefault(t => t.Key is "db.statement" or "db.query.text").Value?.ToString();
                if (statement is null) return; // connection-level activities, not commands
                // A background listener (re)connecting in the window is not work of the request being measured.
                if (statement.StartsWith("LISTEN ", StringComparison.Ordinal)) return;
                _commands.Enqueue(statement);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The statements seen so far.</summary>
    public IReadOnlyList<string> Commands => _commands.ToList();

    /// <summary>Forgets what was seen.</summary>
    public void Reset() => _commands.Clear();

    public void Dispose() => _listener.Dispose();
}
