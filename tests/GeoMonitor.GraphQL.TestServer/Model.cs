namespace GeoMonitor.GraphQL.TestServer;

public enum AssetStatus { Online, Offline, Maintenance, Retired }

public enum SensorKind { Temperature, Humidity, Pressure }

public sealed class Zone
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public double? Area { get; init; }
    public string? ParentId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public double[]? Location { get; init; }
}

public abstract class Asset
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public AssetStatus Status { get; set; }
    public string? ZoneId { get; init; }
}

public sealed class Sensor : Asset
{
    public SensorKind Kind { get; init; }
    public double? Threshold { get; init; }
    public Limits? Limits { get; init; }
}

public sealed class Camera : Asset
{
    public int Resolution { get; init; }
    public List<string> Tags { get; init; } = [];
}

public sealed record Limits(double? Min, double? Max);

public sealed record Reading(DateTimeOffset At, double Value, string Unit);

public sealed record FeedEntry(int Seq, DateTimeOffset At, Asset? Asset);
