using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Truces;

/// <summary>
/// Counts during a truce against the equally long window just before it (semantics: docs/api.md, "Truce report").
/// The population is one <see cref="IncidentFilter"/> (status rule, zone or the truce's scope) over both windows, so
/// the report counts exactly what GET /api/incidents returns for the same windows.
/// </summary>
public static class TruceReport
{
    /// <summary>One row of the report: a count of one key in one window.</summary>
    private sealed record Cell(string Kind, string Key, bool During, long Count);

    /// <summary>
    /// Builds the report body; with <paramref name="asOf"/> the truce (its window and scope) and the zones as recorded at
    /// that instant (a truce that did not exist then is a 404 naming its earliest version).
    /// </summary>
    public static async Task<object> BuildAsync(NpgsqlDataSource db, string slug, string? zone, IReadOnlyList<string>? statuses, IncidentAudience? audience,
        CancellationToken ct, DateTimeOffset? asOf = null)
    {
        string name;
        DateTime start;
        DateTime? end;
        string[]? scope;
        await using (var cmd = db.CreateCommand(TruceSql.Window))
        {
            cmd.Parameters.AddWithValue("slug", slug);
            cmd.Parameters.Add(new NpgsqlParameter("asOf", NpgsqlDbType.TimestampTz) { Value = (object?)asOf?.UtcDateTime ?? DBNull.Value });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) throw await Layers.LayerVersions.MissingAtAsync(db, Layers.LayerJoins.TrucesTable, slug, asOf, "slug", ct);
            name = r.GetString(1);
            start = r.GetDateTime(2);
            end = r.IsDBNull(3) ? null : r.GetDateTime(3);
            scope = r.IsDBNull(4) ? null : r.GetFieldValue<string[]>(4);
        }
        // A truce still open is measured up to now (to the second), and says so.
        var until = end ?? DateTime.UtcNow.AddTicks(-(DateTime.UtcNow.Ticks % TimeSpan.TicksPerSecond));
        var length = until - start;
        var before = start - length;
        var days = (int)Math.Ceiling(length.TotalDays);

        var filter = new IncidentFilter
        {
            Zone = zone,
            AnyZone = zone is null ? scope : null,
            From = before,
            To = until,
            Statuses = statuses,
            Audience = audience,
            AsOf = asOf,
        };
        var q = IncidentSql.Build(filter);
        var sql = "WITH " + (q.Ctes.Length > 0 ? q.Ctes + ",\n" : "") + $"""
            m AS MATERIALIZED (
              SELECT i.geom, i.event_type, i.occurred_at >= @rep_start AS during, {IncidentSql.PreNotifiedExists("i")} AS notified,
                     floor(extract(epoch FROM i.occurred_at - CASE WHEN i.occurred_at >= @rep_start THEN @rep_start ELSE @rep_before END) / 86400)::int AS day
              FROM incidents i WHERE {q.Where})
            SELECT 'day', day::text, during, count(*) FROM m GROUP BY day, during
            UNION ALL SELECT 'type', event_type, during, count(*) FROM m GROUP BY event_type, during
            UNION ALL SELECT 'zone', z.slug, m.during, count(*) FROM m JOIN {Layers.LayerJoins.ZonesAt("@rep_as_of::timestamptz")} z ON ST_Intersects(z.geom, m.geom)
                      GROUP BY z.slug, m.during
            UNION ALL SELECT 'notified', notified::text, during, count(*) FROM m GROUP BY notified, during
            """;
        var cells = new List<Cell>();
        await using (var cmd = q.Command(db, sql))
        {
            cmd.Parameters.Add(new NpgsqlParameter("rep_start", NpgsqlDbType.TimestampTz) { Value = start });
            cmd.Parameters.Add(new NpgsqlParameter("rep_before", NpgsqlDbType.TimestampTz) { Value = before });
            cmd.Parameters.Add(new NpgsqlParameter("rep_as_of", NpgsqlDbType.TimestampTz) { Value = (object?)asOf?.UtcDateTime ?? DBNull.Value });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) cells.Add(new Cell(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetInt64(3)));
        }

        long Count(string kind, string key, bool during) => cells.FirstOrDefault(c => c.Kind == kind && c.Key == key && c.During == during)?.Count ?? 0;
        long Total(bool during) => cells.Where(c => c.Kind == "day" && c.During == during).Sum(c => c.Count);
        object Window(DateTime from, DateTime to, bool during) => new
        {
            from,
            to,
            total = Total(during),
            byDay = Enumerable.Range(0, days).Select(d => new { day = d, start = from.AddDays(d), count = Count("day", d.ToString(System.Globalization.CultureInfo.InvariantCulture), during) }),
            byEventType = Keys("type").ToDictionary(k => k, k => Count("type", k, during)),
            byZone = Keys("zone").ToDictionary(k => k, k => Count("zone", k, during)),
            // Pre-notifications (docs/truce-mechanisms.md): covered by a notification, or not.
            preNotified = Count("notified", "true", during),
            notPreNotified = Count("notified", "false", during),
        };
        IEnumerable<string> Keys(string kind) => cells.Where(c => c.Kind == kind).Select(c => c.Key).Distinct().Order(StringComparer.Ordinal);
        object Change(long d, long b) => new { during = d, before = b, difference = d - b, percent = b == 0 ? (double?)null : Math.Round(100.0 * (d - b) / b, 1) };

        return new
        {
            truce = new { slug, name, start, end, openEnded = end is null },
            asOf = asOf?.UtcDateTime,
            zone,
            scope = zone is null ? scope : null,
            statuses,
            lengthDays = Math.Round(length.TotalDays, 4),
            during = Window(start, until, true),
            before = Window(before, start, false),
            change = new
            {
                total = Change(Total(true), Total(false)),
                byDay = Enumerable.Range(0, days).Select(d =>
                {
                    var k = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return new { day = d, change = Change(Count("day", k, true), Count("day", k, false)) };
                }),
                byEventType = Keys("type").ToDictionary(k => k, k => Change(Count("type", k, true), Count("type", k, false))),
                byZone = Keys("zone").ToDictionary(k => k, k => Change(Count("zone", k, true), Count("zone", k, false))),
                preNotified = Change(Count("notified", "true", true), Count("notified", "true", false)),
                notPreNotified = Change(Count("notified", "false", true), Count("notified", "false", false)),
            },
        };
    }
}
