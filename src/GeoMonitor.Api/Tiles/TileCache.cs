using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace GeoMonitor.Api.Tiles;

/// <summary>A rendered tile and its validator.</summary>
public sealed record CachedTile(byte[] Bytes, string ETag);

/// <summary>
/// The in-memory tile cache: bounded in bytes (GeoMonitor:TileCacheMegabytes, default 64), invalidated when the rows
/// under a tile change.
/// <para>
/// Invalidation is by version, not by enumeration: every cache key holds the generation of its layer and, for
/// incidents, the version of its (z, x, y) tile. <see cref="Invalidate"/> bumps the versions of the tiles that
/// contain a point (with the tile buffer, at every zoom), <see cref="InvalidateLayer"/> the generation of a layer;
/// entries with old versions are never read again and age out under the size limit. Writers call these after
/// commit (in-process, immediately); <see cref="TileInvalidationListener"/> calls them for writes announced by the
/// database (NOTIFY gm_tiles), whatever process made them.
/// </para>
/// </summary>
public sealed class TileCache : IDisposable
{
    // Past this many tracked tiles the versions are forgotten and the incident layer's generation bumped instead,
    // so the bookkeeping stays bounded and a forgotten version can never resurrect a stale entry.
    private const int MaxTrackedTiles = 500_000;

    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, long> _generations = new();
    private readonly ConcurrentDictionary<long, long> _tileVersions = new();
    private long _global;

    /// <summary>Creates the cache with a size limit in bytes.</summary>
    public TileCache(IConfiguration config)
    {
        var megabytes = config.GetValue("GeoMonitor:TileCacheMegabytes", 64);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, megabytes) * 1024L * 1024L, CompactionPercentage = 0.25 });
    }

    /// <summary>How many entries the cache holds now.</summary>
    public long Count => _cache.Count;

    /// <summary>
    /// The key of this tile at the current versions. Take it before the query runs and cache under it: a write that
    /// lands while the tile renders bumps the versions, so the (possibly stale) result sits under a key never read again.
    /// </summary>
    public string Stamp(string layer, int z, int x, int y, string variant)
    {
        var generation = _generations.TryGetValue(layer, out var g) ? g : 0;
        var version = layer == TileLayers.Incidents && _tileVersions.TryGetValue(TileMath.Pack(z, x, y), out var v) ? v : 0;
        return $"{layer}/{z}/{x}/{y}#{Interlocked.Read(ref _global)}.{generation}.{version}?{variant}";
    }

    /// <summary>The tile cached under <paramref name="stamp"/>, or null.</summary>
    public CachedTile? Get(string stamp) => _cache.TryGetValue(stamp, out CachedTile? t) ? t : null;

    /// <summary>Caches a tile under the stamp taken before it was rendered.</summary>
    public void Set(string stamp, CachedTile tile) =>
        _cache.Set(stamp, tile, new MemoryCacheEntryOptions { Size = tile.Bytes.Length + 200, AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(6) });

    /// <summary>Every tile of every layer is stale (e.g. after a missed notification).</summary>
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _global);
        _tileVersions.Clear();
    }

    /// <summary>Every tile of <paramref name="layer"/> is stale.</summary>
    public void InvalidateLayer(string layer) => _generations.AddOrUpdate(layer, 1, (_, g) => g + 1);

    /// <summary>
    /// The incident tiles that contain (<paramref name="lon"/>, <paramref name="lat"/>) — at every zoom, including the
    /// neighbours whose buffer reaches it — are stale. Call it for the old and the new position of a changed incident.
    /// </summary>
    public void Invalidate(double lon, double lat)
    {
        if (!double.IsFinite(lon) || !double.IsFinite(lat)) return;
        if (_tileVersions.Count > MaxTrackedTiles)
        {
            _tileVersions.Clear();
            InvalidateLayer(TileLayers.Incidents);
            return;
        }
        var (fx, fy) = TileMath.Fraction(lon, lat);
        const double margin = (double)TileLayers.Buffer / TileLayers.Extent;
        for (var z = TileLayers.MinZoom; z <= TileLayers.MaxZoom; z++)
        {
            var n = 1 << z;
            var x0 = Math.Clamp((int)Math.Floor(fx * n - margin), 0, n - 1);
            var x1 = Math.Clamp((int)Math.Floor(fx * n + margin), 0, n - 1);
            var y0 = Math.Clamp((int)Math.Floor(fy * n - margin), 0, n - 1);
            var y1 = Math.Clamp((int)Math.Floor(fy * n + margin), 0, n - 1);
            for (var x = x0; x <= x1; x++)
                for (var y = y0; y <= y1; y++)
                    _tileVersions.AddOrUpdate(TileMath.Pack(z, x, y), 1, (_, v) => v + 1);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();
}
