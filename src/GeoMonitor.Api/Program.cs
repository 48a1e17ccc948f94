using GeoMonitor.Api.Features;
using GeoMonitor.Api.Features.Disputes;
using GeoMonitor.Api.Features.Keys;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.Features.Notifications;
using GeoMonitor.Api.Features.Benchmarks;
using GeoMonitor.Api.Features.Custody;
using GeoMonitor.Api.Features.Review;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Features.Verification;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Errors;
using GeoMonitor.Api.Infrastructure.Health;
using GeoMonitor.Api.Infrastructure.OpenApi;
using GeoMonitor.Api.Infrastructure.Security;
using GeoMonitor.Api.Ogc;
using GeoMonitor.Api.Tiles;
using GeoMonitor.Api.GraphQL;
using GeoMonitor.Api.Map;

if (await KeysCommand.TryRunAsync(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddGeoMonitorDatabase();
builder.Services.AddGeoMonitorProblems();
builder.Services.AddGeoMonitorAuth();
builder.Services.AddGeoMonitorRateLimiting(builder.Configuration);
builder.Services.AddGeoMonitorRequestLimits(builder.Configuration);
builder.Services.AddGeoMonitorOpenApi();
builder.Services.AddReadApi();
builder.Services.AddTiles();
builder.Services.AddUploads();
builder.Services.AddReview();
builder.Services.AddLayerAdmin();
builder.Services.AddDisputes();
builder.Services.AddAdminKeyBootstrap();
// Truce mechanisms: pre-notifications, benchmarks, custody (docs/truce-mechanisms.md).
builder.Services.AddNotifications();
builder.Services.AddBenchmarks();
builder.Services.AddCustody();
builder.Services.AddGeoMonitorGraphQL();
// Verification lifecycle, observer teams, clarification hotline (issue 13)
builder.Services.AddVerification();

var app = builder.Build();
app.UseGeoMonitorProblems();
app.UseGeoMonitorSecurityHeaders();
app.UseGeoMonitorRequestLimits();
app.UseGeoMonitorOpenApi();
app.UseWebMap();
app.UseRateLimiter();
app.UseCors();
app.UseGeoMonitorAuth();
app.UseReadYourWrites();
app.MapHealth();
app.MapReadApi();
app.MapOgc();
app.MapTiles();
app.MapWebMap();
app.MapUploads();
app.MapReview();
app.MapLayerAdmin();
// Truce mechanisms: pre-notifications, benchmarks, custody (docs/truce-mechanisms.md).
app.MapNotifications();
app.MapBenchmarks();
app.MapCustody();
app.MapDisputeWrites();
app.MapGeoMonitorGraphQL();
// Verification lifecycle, observer teams, clarification hotline (issue 13)
app.MapVerification();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
