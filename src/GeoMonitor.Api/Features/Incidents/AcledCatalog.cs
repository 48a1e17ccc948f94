using Npgsql;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>
/// The ACLED event and sub-event types the database accepts (table acled_event_types), read once and cached, so a
/// misspelt eventType is refused with a 400 instead of silently matching nothing.
/// </summary>
public sealed class AcledCatalog(NpgsqlDataSource db)
{
    private (HashSet<string> Types, HashSet<string> SubTypes)? _codes;

    /// <summary>The known event types and sub-event types.</summary>
    public async Task<(HashSet<string> Types, HashSet<string> SubTypes)> GetAsync(CancellationToken ct)
    {
        if (_codes is { } c) return c;
        var types = new HashSet<string>(StringComparer.Ordinal);
        var subs = new HashSet<string>(StringComparer.Ordinal);
        await using var cmd = db.CreateCommand("SELECT event_type, sub_event_type FROM acled_event_types");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            types.Add(r.GetString(0));
            subs.Add(r.GetString(1));
        }
        _codes = (types, subs);
        return _codes.Value;
    }
}
