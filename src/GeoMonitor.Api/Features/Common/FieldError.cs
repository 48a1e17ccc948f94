namespace GeoMonitor.Api.Features.Common;

/// <summary>One thing wrong with an uploaded report: which row (1-based, batches only), which field, and why.</summary>
/// <param name="Row">The data row, counted from 1 (the header and an HXL row are not counted); null for a single report.</param>
/// <param name="Field">The field (canonical name, e.g. <c>occurredAt</c>, or <c>location</c>).</param>
/// <param name="Message">What is wrong, for a person to fix.</param>
/// <param name="Line">For CSV, the line of the file the row starts on (counting the header).</param>
public sealed record FieldError(int? Row, string Field, string Message, long? Line = null);
