using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>An RFC 7946 Feature: a geometry (possibly null) with properties and an optional id.</summary>
/// <param name="geometry">The geometry, in WGS 84 lon/lat when read; null for an unlocated feature.</param>
/// <param name="properties">The <c>properties</c> object, or null.</param>
/// <param name="id">The <c>id</c>, or null when absent.</param>
public sealed class GeoJsonFeature(Geometry? geometry, JsonObject? properties = null, GeoJsonFeatureId? id = null)
{
    /// <summary>The geometry; null when the feature has <c>"geometry": null</c>.</summary>
    public Geometry? Geometry { get; } = geometry;

    /// <summary>The <c>properties</c> object; null when absent or JSON null.</summary>
    public JsonObject? Properties { get; } = properties;

    /// <summary>The <c>id</c>; null when absent.</summary>
    public GeoJsonFeatureId? Id { get; } = id;
}
