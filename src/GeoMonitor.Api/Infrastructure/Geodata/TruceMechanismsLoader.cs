using System.Globalization;
using System.Text.Json;
using Npgsql;
using static GeoMonitor.Api.Features.Common.SqlArgs;

namespace GeoMonitor.Api.Infrastructure.Geodata;

/// <summary>
/// Loads geodata/truce-mechanisms.json (the sample organisations, benchmarks with their events, and custody records;
/// docs/truce-mechanisms.md) after the layers it names. Like <see cref="GeodataLoader"/>: keyed by slug, inserted only
/// when absent (a record changed through the API is not overwritten; a benchmark's events come with it only when the
/// benchmark itself is new), each record keeping its source and whether it is an illustration, all in one transaction.
/// </summary>
public static class TruceMechanismsLoader
{
    /// <summary>The file.</summary>
    public const string File = "truce-mechanisms.json";

    private const long LockKey = 0x4765547275636521;

    /// <summary>What one load inserted.</summary>
    public sealed record Result(int Organisations, int Benchmarks, int Events, int Custody)
    {
        /// <summary>Whether anything at all was inserted.</summary>
        public bool Any => Organisations + Benchmarks + Events + Custody > 0;
    }

    /// <summary>Loads the file of <paramref name="folder"/> (nothing when it is absent).</summary>
    public static async Task<Result> LoadAsync(NpgsqlDataSource db, string folder, CancellationToken ct = default)
    {
        var path = Path.Combine(folder, File);
        if (!System.IO.File.Exists(path)) return new Result(0, 0, 0, 0);
        using var doc = JsonDocument.Parse(await System.IO.File.ReadAllBytesAsync(path, ct));
        var root = doc.RootElement;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecAsync(conn, tx, ct, "SELECT pg_advisory_xact_lock($1)", LockKey);
        int organisations = 0, benchmarks = 0, events = 0, custody = 0;
        foreach (var o in Items(root, "organisations"))
            organisations += await ExecAsync(conn, tx, ct, "INSERT INTO organisations (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING",
                Str(o, "slug"), Str(o, "name"));
        foreach (var z in Items(root, "benchmarks").Concat(Items(root, "custody")).Select(r => (Record: r, Zone: Opt(r, "zone"))).Where(x => x.Zone is not null))
        {
            await using var exists = Command(conn, tx, "SELECT 1 FROM zones WHERE slug = $1", z.Zone);
            if (await exists.ExecuteScalarAsync(ct) is null)
                throw new InvalidDataException($"geodata/{File}: record '{Opt(z.Record, "slug")}' names zone '{z.Zone}', which is not loaded.");
        }
        foreach (var b in Items(root, "benchmarks"))
        {
            var id = await Named(b, () => InsertBenchmarkAsync(conn, tx, b, ct));
            if (id is null) continue;
            benchmarks++;
            foreach (var e in Items(b, "events"))
                events += await Named(b, () => ExecAsync(conn, tx, ct, """
                    INSERT INTO benchmark_events (benchmark_id, at, status, evidence, source, note, illustrative, recorded_by)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, 'geodata')
                    """, id, Time(e, "at"), Str(e, "status"), Jsonb(e.TryGetProperty("evidence", out var ev) ? ev.GetRawText() : "{}"),
                    Str(e, "source"), Opt(e, "note"), Bool(e, "illustrative")));
        }
        foreach (var k in Items(root, "custody"))
            custody += await Named(k, () => ExecAsync(conn, tx, ct, """
                INSERT INTO custody (slug, zone_id, site, force, organisation, supported_by, during, source, notes, illustrative, properties, recorded_by)
                SELECT $1, z.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL
                FROM (SELECT 1) one LEFT JOIN zones z ON z.slug = $2
                WHERE $2::text IS NULL OR z.id IS NOT NULL
                ON CONFLICT (slug) DO NOTHING
                """, Str(k, "slug"), Opt(k, "zone"), Opt(k, "site"), Str(k, "force"), Opt(k, "organisation"), Strings(k, "supportedBy"),
                Range(Time(k, "from"), OptTime(k, "to")), Str(k, "source"), Opt(k, "notes"), Bool(k, "illustrative"), Jsonb(k.GetRawText())));
        await tx.CommitAsync(ct);
        return new Result(organisations, benchmarks, events, custody);
    }

    private static async Task<long?> InsertBenchmarkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, JsonElement b, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, """
            INSERT INTO benchmarks (slug, name, zone_id, required_state, party, forbids, due_at, truce_id, extension_id, source, notes, illustrative, properties)
            SELECT $1, $2, z.id, $4, $5, $6, $7, t.id, (SELECT e.id FROM truce_extensions e WHERE e.truce_id = t.id AND e.new_end = $9 LIMIT 1),
                   $10, $11, $12, $13
            FROM zones z LEFT JOIN truces t ON t.slug = $8 WHERE z.slug = $3
            ON CONFLICT (slug) DO NOTHING RETURNING id
            """, Str(b, "slug"), Str(b, "name"), Str(b, "zone"), Str(b, "requiredState"), Opt(b, "party"),
            b.TryGetProperty("forbids", out _) ? Strings(b, "forbids")
                : Str(b, "requiredState") == "idf_withdrawn" && Opt(b, "party") is not null ? Features.Benchmarks.BenchmarkBody.WithdrawalForbids : [],
            Time(b, "dueAt"), Opt(b, "truce"), OptTime(b, "extension"), Str(b, "source"), Opt(b, "notes") ?? Opt(b, "method"), Bool(b, "illustrative"),
            Jsonb(Without(b, "events")));
        return await cmd.ExecuteScalarAsync(ct) as long?;
    }

    // A record the database refused is named: "check constraint violated" alone does not tell an editor what to fix.
    private static async Task<T> Named<T>(JsonElement record, Func<Task<T>> insert)
    {
        try
        {
            return await insert();
        }
        catch (PostgresException e)
        {
            throw new InvalidDataException($"geodata/{File}: record '{Opt(record, "slug") ?? "?"}' was refused by the database: {e.MessageText}", e);
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];

    private static string Str(JsonElement e, string name) =>
        Opt(e, name) ?? throw new InvalidDataException($"geodata/{File}: '{name}' is missing in record '{Opt(e, "slug") ?? "?"}'");

    private static string? Opt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string[] Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(x => x.GetString()!)] : [];

    private static DateTime Time(JsonElement e, string name) =>
        OptTime(e, name) ?? throw new InvalidDataException($"geodata/{File}: '{name}' is missing in record '{Opt(e, "slug") ?? "?"}'");

    private static DateTime? OptTime(JsonElement e, string name) =>
        Opt(e, name) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture).UtcDateTime : null;

    private static string Without(JsonElement e, string member) =>
        new System.Text.Json.Nodes.JsonObject(e.EnumerateObject().Where(p => p.Name != member)
            .Select(p => KeyValuePair.Create(p.Name, System.Text.Json.Nodes.JsonNode.Parse(p.Value.GetRawText())))).ToJsonString();
}
