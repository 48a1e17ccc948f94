using Npgsql;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// The ACLED event and sub-event types from the acled_event_types table, read once per process (the table only
/// changes with a migration). Matching ignores case and returns the canonical spelling.
/// </summary>
public sealed class AcledCodes(NpgsqlDataSource db)
{
    private Dictionary<string, (string Type, Dictionary<string, string> Subs)>? _codes;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The codes, loaded on first use.</summary>
    public async Task<AcledCodes> LoadAsync(CancellationToken ct)
    {
        if (_codes is not null) return this;
        await _gate.WaitAsync(ct);
        try
        {
            if (_codes is not null) return this;
            var codes = new Dictionary<string, (string, Dictionary<string, string>)>(StringComparer.OrdinalIgnoreCase);
            await using var cmd = db.CreateCommand("SELECT event_type, sub_event_type FROM acled_event_types ORDER BY 1, 2");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var (type, sub) = (r.GetString(0), r.GetString(1));
                if (!codes.TryGetValue(type, out var entry))
                    codes[type] = entry = (type, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
                entry.Item2[sub] = sub;
            }
            _codes = codes;
            return this;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Every event type and every sub-event type, exactly as spelt in the table (for filters that match exactly).</summary>
    public (HashSet<string> Types, HashSet<string> SubTypes) ExactSets()
    {
        var codes = _codes ?? throw new InvalidOperationException("LoadAsync first.");
        return (new HashSet<string>(codes.Values.Select(v => v.Type), StringComparer.Ordinal),
                new HashSet<string>(codes.Values.SelectMany(v => v.Subs.Values), StringComparer.Ordinal));
    }

    /// <summary>The canonical event type, or null with a message naming the valid ones.</summary>
    public string? EventType(string value, out string? error)
    {
        var codes = _codes ?? throw new InvalidOperationException("LoadAsync first.");
        error = null;
        if (codes.TryGetValue(value.Trim(), out var e)) return e.Type;
        error = $"'{value}' is not an ACLED event type; one of: {string.Join("; ", codes.Values.Select(v => v.Type))}";
        return null;
    }

    /// <summary>The canonical sub-event type of a (canonical) event type, or null with a message naming the valid ones.</summary>
    public string? SubEventType(string eventType, string value, out string? error)
    {
        var codes = _codes ?? throw new InvalidOperationException("LoadAsync first.");
        error = null;
        var subs = codes[eventType].Subs;
        if (subs.TryGetValue(value.Trim(), out var s)) return s;
        error = $"'{value}' is not a sub-event type of '{eventType}'; one of: {string.Join("; ", subs.Values)}";
        return null;
    }
}
