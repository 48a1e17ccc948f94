using GeoMonitor.Api.Features.Incidents.Events;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// The layers' attribute rows (no geometry) in memory: a few hundred rows that nearly every incident field refers to
/// (zones, corridors, truces by slug). Each table is read whole on first use and dropped when PostgreSQL says it
/// changed (NOTIFY gm_tiles from V007's triggers, sent after commit by every writer on every instance, heard through
/// <see cref="IncidentEvents"/>). While the listener is not connected nothing is cached: every use reads the table.
/// A generation counter per table makes sure a read that overlapped a change is not kept.
/// </summary>
public sealed class LayerCache
{
    private readonly LayerStore _store;
    private readonly IncidentEvents _events;
    private readonly Entry<LineNode> _lines;
    private readonly Entry<ZoneNode> _zones;
    private readonly Entry<CorridorNode> _corridors;
    private readonly Entry<TruceNode> _truces;

    /// <summary>Creates the cache and subscribes it to layer changes.</summary>
    public LayerCache(LayerStore store, IncidentEvents events)
    {
        _store = store;
        _events = events;
        _lines = new(ct => _store.LinesAsync(null, ct), x => x.Slug);
        _zones = new(ct => _store.ZonesAsync(null, null, null, ct), x => x.Slug);
        _corridors = new(ct => _store.CorridorsAsync(null, null, ct), x => x.Slug);
        _truces = new(ct => _store.TrucesAsync(null, null, ct), x => x.Slug);
        events.LayerChanged += layer =>
        {
            switch (layer)
            {
                case "lines": _lines.Invalidate(); break;
                case "zones": _zones.Invalidate(); _truces.Invalidate(); break; // a truce's scope names zones
                case "corridors": _corridors.Invalidate(); break;
                case "truces": _truces.Invalidate(); break;
            }
        };
    }

    /// <summary>Lines by slug, when cached; null means "read them" (see <see cref="LinesAsync"/>).</summary>
    public IReadOnlyDictionary<string, LineNode>? CachedLines => _lines.Cached(_events.IsListening);

    /// <summary>Zones by slug, when cached.</summary>
    public IReadOnlyDictionary<string, ZoneNode>? CachedZones => _zones.Cached(_events.IsListening);

    /// <summary>Corridors by slug, when cached.</summary>
    public IReadOnlyDictionary<string, CorridorNode>? CachedCorridors => _corridors.Cached(_events.IsListening);

    /// <summary>Truces by slug, when cached.</summary>
    public IReadOnlyDictionary<string, TruceNode>? CachedTruces => _truces.Cached(_events.IsListening);

    /// <summary>Every line by slug (cached, or read now).</summary>
    public Task<IReadOnlyDictionary<string, LineNode>> LinesAsync(CancellationToken ct) => _lines.GetAsync(_events.IsListening, ct);

    /// <summary>Every zone by slug.</summary>
    public Task<IReadOnlyDictionary<string, ZoneNode>> ZonesAsync(CancellationToken ct) => _zones.GetAsync(_events.IsListening, ct);

    /// <summary>Every corridor by slug.</summary>
    public Task<IReadOnlyDictionary<string, CorridorNode>> CorridorsAsync(CancellationToken ct) => _corridors.GetAsync(_events.IsListening, ct);

    /// <summary>Every truce by slug.</summary>
    public Task<IReadOnlyDictionary<string, TruceNode>> TrucesAsync(CancellationToken ct) => _truces.GetAsync(_events.IsListening, ct);

    private sealed class Entry<T>(Func<CancellationToken, Task<List<T>>> load, Func<T, string> key)
    {
        private readonly object _lock = new();
        private IReadOnlyDictionary<string, T>? _value;
        private long _generation;

        public void Invalidate()
        {
            lock (_lock)
            {
                _generation++;
                _value = null;
            }
        }

        public IReadOnlyDictionary<string, T>? Cached(bool listening)
        {
            // Hot (one call per incident and layer kind in a large GraphQL page): written under the lock, read without.
            return listening ? Volatile.Read(ref _value) : null;
        }

        public async Task<IReadOnlyDictionary<string, T>> GetAsync(bool listening, CancellationToken ct)
        {
            long generation;
            lock (_lock)
            {
                if (listening && _value is { } v) return v;
                generation = _generation;
            }
            var rows = (await load(ct)).ToDictionary(key, StringComparer.Ordinal);
            if (listening)
                lock (_lock)
                    if (_generation == generation) _value = rows;
            return rows;
        }
    }
}
