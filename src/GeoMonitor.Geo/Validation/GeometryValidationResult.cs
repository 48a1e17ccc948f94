using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace GeoMonitor.Geo.Validation;

/// <summary>Outcome of <see cref="GeometryValidator.Validate"/>.</summary>
/// <param name="IsValid">True when the geometry is valid by OGC Simple Features rules.</param>
/// <param name="ErrorType">The NTS error kind, or null when valid.</param>
/// <param name="Reason">Short description of the problem, e.g. "Self-intersection", or null when valid.</param>
/// <param name="Location">Where the problem is, when NTS can tell; x/y in the geometry's system.</param>
/// <param name="Message">
/// A sentence for the user, e.g. "Self-intersection at lon 35.51, lat 33.12", or "Valid" when valid.
/// </param>
public sealed record GeometryValidationResult(
    bool IsValid,
    TopologyValidationErrors? ErrorType,
    string? Reason,
    Coordinate? Location,
    string Message);
