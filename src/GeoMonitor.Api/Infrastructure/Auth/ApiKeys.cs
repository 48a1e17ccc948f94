using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Auth;

/// <summary>Creates, finds and revokes API keys. Only a SHA-256 hash of a key is stored.</summary>
public sealed class ApiKeys(NpgsqlDataSource db)
{
    /// <summary>A key as listed (never with the key itself).</summary>
    public sealed record KeyInfo(long Id, string Name, Role Role, string Prefix, DateTime CreatedAt, DateTime? RevokedAt);

    /// <summary>A caller identified by a valid key.</summary>
    public sealed record Caller(long Id, string Name, Role Role);

    /// <summary>The SHA-256 of a key, as stored.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Creates a key and returns it; this is the only time the key is seen.</summary>
    public async Task<string> CreateAsync(string name, Role role, CancellationToken ct = default)
    {
        if (role == Role.Anonymous) throw new ArgumentException("A key needs a role.", nameof(role));
        // 32 random bytes, URL-safe; the "gm_" prefix makes leaked keys easy to recognize in scans.
        var key = "gm_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var cmd = db.CreateCommand("INSERT INTO api_keys (name, role, key_hash, key_prefix) VALUES ($1, $2, $3, $4)");
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(role.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue(Hash(key));
        cmd.Parameters.AddWithValue(key[..10]);
        await cmd.ExecuteNonQueryAsync(ct);
        return key;
    }

    /// <summary>The caller a key belongs to, or null when the key is unknown or revoked.</summary>
    public async Task<Caller?> FindAsync(string key, CancellationToken ct = default)
    {
        await using var cmd = db.CreateCommand("SELECT id, name, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        cmd.Parameters.AddWithValue(Hash(key));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new Caller(r.GetInt64(0), r.GetString(1), Enum.Parse<Role>(r.GetString(2), ignoreCase: true));
    }

    /// <summary>Revokes every active key with this name; returns how many.</summary>
    public async Task<int> RevokeByNameAsync(string name, CancellationToken ct = default)
    {
        await using var cmd = db.CreateCommand("UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL");
        cmd.Parameters.AddWithValue(name);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Revokes the active key starting with this prefix; returns how many.</summary>
    public async Task<int> RevokeByPrefixAsync(string prefix, CancellationToken ct = default)
    {
        await using var cmd = db.CreateCommand("UPDATE api_keys SET revoked_at = now() WHERE key_prefix = $1 AND revoked_at IS NULL");
        cmd.Parameters.AddWithValue(prefix);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>All keys, newest first.</summary>
    public async Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken ct = default)
    {
        var list = new List<KeyInfo>();
        await using var cmd = db.CreateCommand("SELECT id, name, role, key_prefix, created_at, revoked_at FROM api_keys ORDER BY id DESC");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new KeyInfo(r.GetInt64(0), r.GetString(1), Enum.Parse<Role>(r.GetString(2), true), r.GetString(3),
                r.GetDateTime(4), r.IsDBNull(5) ? null : r.GetDateTime(5)));
        return list;
    }
}
