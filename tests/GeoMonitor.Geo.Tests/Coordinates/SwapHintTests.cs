using GeoMonitor.Geo.Coordinates;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.Tests.Coordinates;

public class SwapHintTests
{
    // South Lebanon / North Israel: lon 35.0–36.0, lat 32.9–33.6.
    private static readonly Envelope Area = new(35.0, 36.0, 32.9, 33.6);

    [Fact]
    public void Swapped_point_is_detected() => Assert.True(SwapHint.SwapWouldFit(Area, lon: 33.3244, lat: 35.5320));

    [Fact]
    public void Point_inside_needs_no_swap() => Assert.False(SwapHint.SwapWouldFit(Area, lon: 35.5320, lat: 33.3244));

    [Fact]
    public void Point_far_away_either_way_is_not_a_swap() => Assert.False(SwapHint.SwapWouldFit(Area, lon: 2.35, lat: 48.85));

    [Fact]
    public void Scalar_overload_agrees() => Assert.True(SwapHint.SwapWouldFit(35.0, 32.9, 36.0, 33.6, 33.3244, 35.5320));
}
