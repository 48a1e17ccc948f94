using System.Net;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>Bad input is a 400 problem naming the parameter; unknown slugs are 404; never a 500.</summary>
[Collection(QueryCollection.Name)]
public sealed class IncidentBadInputTests(QueryFixture api)
{
    [Theory]
    [InlineData("bbox=35,33,36", "bbox")]
    [InlineData("bbox=35,33,36,x", "bbox")]
    [InlineData("bbox=36,33,35,34", "bbox")]
    [InlineData("bbox=35,33,36,95", "bbox")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-04-17T21:00:00", "from")]     // no offset: ambiguous
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-05-01&to=2026-04-01", "from")]
    [InlineData("near=35.2,33.25&radius=0", "radius")]
    [InlineData("near=35.2,33.25&radius=-5", "radius")]
    [InlineData("near=35.2,33.25&radius=500001", "radius")]
    [InlineData("near=35.2,33.25&radius=NaN", "radius")]
    [InlineData("near=35.2,33.25&radius=ten", "radius")]
    [InlineData("near=35.2,33.25", "radius")]
    [InlineData("near=35.2&radius=10", "near")]
    [InlineData("near=200,33&radius=10", "near")]
    [InlineData("radius=10", "radius")]
    [InlineData("line=test-blue-line", "lineDistance")]
    [InlineData("lineDistance=100", "line")]
    [InlineData("line=test-blue-line&lineDistance=0", "lineDistance")]
    [InlineData("side=east", "side")]
    [InlineData("corridorOpen=true", "corridorOpen")]
    [InlineData("corridor=test-corridor&corridorOpen=yes", "corridorOpen")]
    [InlineData("eventType=Fights", "eventType")]
    [InlineData("subEventType=Duel", "subEventType")]
    [InlineData("status=approved", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("order=newest", "order")]
    [InlineData("format=kml", "format")]
    [InlineData("zone=", "zone")]
    [InlineData("zone=a&zone=b", "zone")]
    [InlineData("zon=test-square", "zon")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string query, string parameter)
    {
        await api.ReadyAsync();
        await api.CreateClient().Problem($"/api/incidents?{query}", HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("/api/incidents?zone=no-such-zone", "zone")]
    [InlineData("/api/incidents?truce=no-such-truce", "truce")]
    [InlineData("/api/incidents?line=no-such-line&lineDistance=10", "line")]
    [InlineData("/api/incidents?corridor=no-such-corridor", "corridor")]
    [InlineData("/api/incidents?zone=NOT%20A%20SLUG", "zone")]
    [InlineData("/api/stats/incidents?zone=no-such-zone", "zone")]
    [InlineData("/api/lines/no-such-line", "slug")]
    [InlineData("/api/zones/no-such-zone", "slug")]
    [InlineData("/api/corridors/no-such-corridor", "slug")]
    [InlineData("/api/truces/no-such-truce", "slug")]
    [InlineData("/api/truces/no-such-truce/report", "slug")]
    [InlineData("/api/truces/test-truce/report?zone=no-such-zone", "zone")]
    public async Task Unknown_slugs_are_404(string url, string parameter)
    {
        await api.ReadyAsync();
        await api.CreateClient().Problem(url, HttpStatusCode.NotFound, parameter);
    }

    [Theory]
    [InlineData("/api/zones?kind=moat", "kind")]
    [InlineData("/api/zones?activeAt=soon", "activeAt")]
    [InlineData("/api/corridors?openAt=2026-04-20T12:00", "openAt")]
    [InlineData("/api/truces?activeAt=x", "activeAt")]
    [InlineData("/api/locate?lon=35", "lat")]
    [InlineData("/api/locate?lon=35&lat=91", "lat")]
    [InlineData("/api/locate?lon=x&lat=33", "lon")]
    [InlineData("/api/locate?lon=35&lat=33&at=noon", "at")]
    [InlineData("/api/stats/incidents?bucket=month", "bucket")]
    [InlineData("/api/stats/incidents?from=1900-01-01&to=2100-01-01", "from")]
    [InlineData("/api/truces/test-truce/report?status=approved", "status")]
    [InlineData("/api/lines?kind=river", "kind")]
    public async Task Bad_parameters_on_other_endpoints_are_400(string url, string parameter)
    {
        await api.ReadyAsync();
        await api.CreateClient().Problem(url, HttpStatusCode.BadRequest, parameter);
    }
}
