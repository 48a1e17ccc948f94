using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Auth;

/// <summary>Creates, finds and revokes API keys. Only a SHA-256 hash of a key is stored.</summary>
public sealed class ApiKeys(NpgsqlDataSource db)
{
    /// <summary>A key as listed (never with the key itself).</summary>
    public sealed record KeyInfo(long Id, string Name, Role Role, string Organisation, string Prefix, DateTime CreatedAt, DateTime? RevokedAt);

    /// <summary>A caller identified by a valid key.</summary>
    public sealed record Caller(long Id, string Name, Role Role, string Organisation)
    {
        /// <summary>The authenticated principal of this caller (role, key name and organisation as claims).</summary>
        public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
        [
            new Claim(RoleClaims.RoleClaim, Role.ToString().ToLowerInvariant()),
            new Claim(RoleClaims.NameClaim, Name),
            new Claim(RoleClaims.OrganisationClaim, Organisation),
            new Claim(ClaimTypes.Name, Name),
        ], scheme));
    }

    /// <summary>The organisation a key gets when none is named: its name in lower case, other characters as '-' (as V030 did for older keys).</summary>
    public static string OrganisationFor(string keyName) =>
        System.Text.RegularExpressions.Regex.Replace(keyName.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-') is { Length: > 0 } slug
            ? slug[..Math.Min(80, slug.Length)].TrimEnd('-')
            : "key-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(keyName)))[..8].ToLowerInvariant();

    /// <summary>The SHA-256 of a key, as stored.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>
    /// Creates a key of <paramref name="organisation"/> (made if it does not exist; default: one named after the key) and
    /// returns it; this is the only time the key is seen.
    /// </summary>
    public async Task<string> CreateAsync(string name, Role role, CancellationToken ct = default, string? organisation = null)
    {
        if (role == Role.Anonymous) throw new ArgumentException("A key needs a role.", nameof(role));
        var org = organisation ?? OrganisationFor(name);
        // 32 random bytes, URL-safe; the "gm_" prefix makes leaked keys easy to recognize in scans.
        var key = "gm_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var cmd = db.CreateCommand("""
            WITH org AS (INSERT INTO organisations (slug, name) VALUES ($5, $5) ON CONFLICT (slug) DO NOTHING)
            INSERT INTO api_keys (name, role, key_hash, key_prefix, organisation) VALUES ($1, $2, $3, $4, $5)
            """);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(role.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue(Hash(key));
        cmd.Parameters.AddWithValue(key[..10]);
        cmd.Parameters.AddWithValue(org);
        await cmd.ExecuteNonQueryAsync(ct);
        return key;
    }

    /// <summary>The caller a key belongs to, or null when the key is unknown or revoked.</summary>
    public async Task<Caller?> FindAsync(string key, CancellationToken ct = default)
    {
        await using var cmd = db.CreateCommand("SELECT id, name, role, organisation FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        cmd.Parameters.AddWithValue(Hash(key));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new Caller(r.GetInt64(0), r.GetString(1), Enum.Parse<Role>(r.GetString(2), ignoreCase: true), r.GetString(3));
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
        await using var cmd = db.CreateCommand("SELECT id, name, role, organisation, key_prefix, created_at, revoked_at FROM api_keys ORDER BY id DESC");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new KeyInfo(r.GetInt64(0), r.GetString(1), Enum.Parse<Role>(r.GetString(2), true), r.GetString(3), r.GetString(4),
                r.GetDateTime(5), r.IsDBNull(6) ? null : r.GetDateTime(6)));
        return list;
    }
}
