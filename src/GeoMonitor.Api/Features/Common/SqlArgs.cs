using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// Positional SQL commands for the stores of the truce mechanisms (notifications, benchmarks, custody) and their loader:
/// arguments become parameters $1, $2, … with the types PostgreSQL cannot infer from a null, a range or JSON text.
/// </summary>
public static class SqlArgs
{
    /// <summary>JSON text to be sent as jsonb.</summary>
    public sealed record JsonbText(string Text);

    /// <summary>JSON text sent as jsonb.</summary>
    public static JsonbText Jsonb(string json) => new(json);

    /// <summary>A half-open range [from, to); a null end is unbounded.</summary>
    public static NpgsqlRange<DateTime> Range(DateTime? from, DateTime? to)
    {
        var none = DateTime.SpecifyKind(default, DateTimeKind.Utc);
        return new(from ?? none, true, from is null, to ?? none, false, to is null);
    }

    /// <summary>A command on <paramref name="c"/> (in <paramref name="tx"/>) with <paramref name="args"/> as $1, $2, ….</summary>
    public static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params object?[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var a in args) cmd.Parameters.Add(Parameter(a));
        return cmd;
    }

    /// <summary>A command on a data source with <paramref name="args"/> as $1, $2, ….</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource db, string sql, params object?[] args)
    {
        var cmd = db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(Parameter(a));
        return cmd;
    }

    /// <summary>Runs a statement; the number of rows it changed.</summary>
    public static async Task<int> ExecAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct, string sql, params object?[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A timestamptz column as UTC, or null.</summary>
    public static DateTime? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);

    /// <summary>A text column, or null.</summary>
    public static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>A JSON text column as an element that outlives the reader, or null.</summary>
    public static JsonElement? Json(NpgsqlDataReader r, int i)
    {
        if (r.IsDBNull(i)) return null;
        using var doc = JsonDocument.Parse(r.GetString(i));
        return doc.RootElement.Clone();
    }

    private static NpgsqlParameter Parameter(object? a) => a switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        JsonbText j => new NpgsqlParameter { Value = j.Text, NpgsqlDbType = NpgsqlDbType.Jsonb },
        // Explicit: a range with two unbounded ends carries no value from which Npgsql could tell tstzrange.
        NpgsqlRange<DateTime> r => new NpgsqlParameter { Value = r, NpgsqlDbType = NpgsqlDbType.TimestampTzRange },
        DateTime t => new NpgsqlParameter { Value = DateTime.SpecifyKind(t, DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz },
        _ => new NpgsqlParameter { Value = a },
    };
}
