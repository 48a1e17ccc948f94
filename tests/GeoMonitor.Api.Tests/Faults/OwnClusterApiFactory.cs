using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// The API on a PostgreSQL cluster of its own, so that a test can crash the server (<see cref="ApiFixture.CrashDatabase"/>:
/// every backend killed, no checkpoint, crash recovery at the next start) without touching the cluster the other tests share.
/// </summary>
public sealed class OwnClusterApiFactory() : ApiFixture(new ApiHostOptions { Database = TestDatabase.OwnCluster, LoadGeodata = false });
