using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Ogc;

/// <summary>The API on a real Kestrel port of 127.0.0.1 (for external clients such as GDAL), with the geodata loaded.</summary>
public sealed class KestrelApiFixture() : ApiFixture(new ApiHostOptions { Hosting = Hosting.Socket });
