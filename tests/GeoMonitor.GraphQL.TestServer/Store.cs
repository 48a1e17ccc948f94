using System.Threading.Channels;

namespace GeoMonitor.GraphQL.TestServer;

/// <summary>In-memory data; ids are small numbers so generated queries often hit real objects.</summary>
public sealed class Store
{
    private readonly object _lock = new();
    private readonly List<Zone> _zones;
    private readonly List<Asset> _assets;
    private readonly List<Channel<Asset>> _subscribers = [];
    private int _nextId = 100;

    public Store()
    {
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _zones =
        [
            new Zone { Id = "1", Name = "North Basin", Area = 12.5, CreatedAt = t0, Location = [7.1, 46.2] },
            new Zone { Id = "2", Name = "South Ridge", Area = null, ParentId = "1", CreatedAt = t0.AddDays(3) },
            new Zone { Id = "3", Name = "Lakeside", Area = 3.25, ParentId = "1", CreatedAt = t0.AddDays(9), Location = [7.3, 46.4] },
        ];
        _assets =
        [
            new Sensor { Id = "4", Name = "Thermo A", Status = AssetStatus.Online, ZoneId = "1", Kind = SensorKind.Temperature, Threshold = 30, Limits = new Limits(-10, 30) },
            new Sensor { Id = "5", Name = "Hygro B", Status = AssetStatus.Maintenance, ZoneId = "2", Kind = SensorKind.Humidity },
            new Camera { Id = "6", Name = "Cam North", Status = AssetStatus.Offline, ZoneId = "1", Resolution = 1080, Tags = ["north", "gate"] },
            new Camera { Id = "7", Name = "Cam Lake", Status = AssetStatus.Online, ZoneId = "3", Resolution = 720 },
            new Sensor { Id = "8", Name = "Baro C", Status = AssetStatus.Online, ZoneId = null, Kind = SensorKind.Pressure, Limits = new Limits(null, 1050) },
        ];
    }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public IReadOnlyList<Zone> Zones
    {
        get
        {
            lock (_lock) return [.. _zones];
        }
    }

    public IReadOnlyList<Asset> Assets
    {
        get
        {
            lock (_lock) return [.. _assets];
        }
    }

    public object? Node(string id) => (object?)Zones.FirstOrDefault(z => z.Id == id) ?? Assets.FirstOrDefault(a => a.Id == id);

    public Sensor AddSensor(string name, string zoneId, SensorKind kind, Limits? limits)
    {
        lock (_lock)
        {
            var sensor = new Sensor
            {
                Id = (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Name = name,
                ZoneId = _zones.Any(z => z.Id == zoneId) ? zoneId : null,
                Kind = kind,
                Limits = limits,
            };
            // Keep the data set small however many mutations a conformance run sends.
            if (_assets.Count > 50) _assets.RemoveAt(5);
            _assets.Add(sensor);
            return sensor;
        }
    }

    public Asset? SetStatus(string id, AssetStatus status)
    {
        Asset? asset;
        lock (_lock)
        {
            asset = _assets.FirstOrDefault(a => a.Id == id);
            if (asset is null) return null;
            asset.Status = status;
        }
        Publish(asset);
        return asset;
    }

    public Zone? RenameZone(string id, string name)
    {
        lock (_lock)
        {
            var zone = _zones.FirstOrDefault(z => z.Id == id);
            if (zone is not null) zone.Name = name;
            return zone;
        }
    }

    public async IAsyncEnumerable<Asset> StatusChanges([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<Asset>();
        lock (_lock) _subscribers.Add(channel);
        try
        {
            await foreach (var asset in channel.Reader.ReadAllAsync(cancellationToken)) yield return asset;
        }
        finally
        {
            lock (_lock) _subscribers.Remove(channel);
        }
    }

    private void Publish(Asset asset)
    {
        lock (_lock)
        {
            foreach (var s in _subscribers) s.Writer.TryWrite(asset);
        }
    }
}
