using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Eucaim.Core.Ingest;

/// <summary>The index rows of one dataset version.</summary>
internal sealed record VersionIndex(
    IQueryable<IndexedPatient> Patients, IQueryable<IndexedStudy> Studies, IQueryable<IndexedSeries> Series, IQueryable<IndexedInstance> Instances);

/// <summary>Each matching rule as a SQL condition on the column that keeps the attribute.</summary>
internal static class QidoFilters
{
    public static readonly Dictionary<QidoAttribute, LambdaExpression> StudyColumns = new()
    {
        [QidoAttributes.StudyDate] = (Expression<Func<IndexedStudy, DateOnly?>>)(s => s.StudyDate),
        [QidoAttributes.StudyTime] = (Expression<Func<IndexedStudy, TimeOnly?>>)(s => s.StudyTime),
        [QidoAttributes.AccessionNumber] = (Expression<Func<IndexedStudy, string?>>)(s => s.AccessionNumber),
        [QidoAttributes.ReferringPhysicianName] = (Expression<Func<IndexedStudy, string?>>)(s => s.ReferringPhysicianName),
        [QidoAttributes.StudyDescription] = (Expression<Func<IndexedStudy, string?>>)(s => s.StudyDescription),
        [QidoAttributes.PatientId] = (Expression<Func<IndexedStudy, string?>>)(s => s.PatientId),
        [QidoAttributes.StudyInstanceUid] = (Expression<Func<IndexedStudy, string?>>)(s => s.StudyInstanceUid),
        [QidoAttributes.StudyId] = (Expression<Func<IndexedStudy, string?>>)(s => s.StudyId),
    };

    public static readonly Dictionary<QidoAttribute, LambdaExpression> PatientColumns = new()
    {
        [QidoAttributes.PatientName] = (Expression<Func<IndexedPatient, string?>>)(p => p.PatientName),
        [QidoAttributes.PatientBirthDate] = (Expression<Func<IndexedPatient, DateOnly?>>)(p => p.BirthDate),
        [QidoAttributes.PatientSex] = (Expression<Func<IndexedPatient, string?>>)(p => p.Sex),
    };

    public static readonly Dictionary<QidoAttribute, LambdaExpression> SeriesColumns = new()
    {
        [QidoAttributes.Modality] = (Expression<Func<IndexedSeries, string?>>)(s => s.Modality),
        [QidoAttributes.SeriesDescription] = (Expression<Func<IndexedSeries, string?>>)(s => s.SeriesDescription),
        [QidoAttributes.BodyPartExamined] = (Expression<Func<IndexedSeries, string?>>)(s => s.BodyPartExamined),
        [QidoAttributes.SeriesInstanceUid] = (Expression<Func<IndexedSeries, string?>>)(s => s.SeriesInstanceUid),
        [QidoAttributes.SeriesNumber] = (Expression<Func<IndexedSeries, int?>>)(s => s.SeriesNumber),
        [QidoAttributes.PerformedProcedureStepStartDate] = (Expression<Func<IndexedSeries, DateOnly?>>)(s => s.PerformedProcedureStepStartDate),
        [QidoAttributes.PerformedProcedureStepStartTime] = (Expression<Func<IndexedSeries, TimeOnly?>>)(s => s.PerformedProcedureStepStartTime),
    };

    public static readonly Dictionary<QidoAttribute, LambdaExpression> InstanceColumns = new()
    {
        [QidoAttributes.SopClassUid] = (Expression<Func<IndexedInstance, string?>>)(i => i.SopClassUid),
        [QidoAttributes.SopInstanceUid] = (Expression<Func<IndexedInstance, string?>>)(i => i.SopInstanceUid),
        [QidoAttributes.InstanceNumber] = (Expression<Func<IndexedInstance, int?>>)(i => i.InstanceNumber),
    };

    /// <summary>Study-level keys live on the study row, on its patient's row, or (ModalitiesInStudy) on its series' rows.</summary>
    public static IQueryable<IndexedStudy> Study(IQueryable<IndexedStudy> studies, QidoMatch match, VersionIndex index)
    {
        if (StudyColumns.TryGetValue(match.Attribute, out var column))
        {
            return Apply(studies, column, match);
        }

        if (PatientColumns.TryGetValue(match.Attribute, out var patientColumn))
        {
            var patients = Apply(index.Patients, patientColumn, match);
            return studies.Where(s => patients.Any(p => p.PatientId == s.PatientId));
        }

        var series = Apply(index.Series, SeriesColumns[QidoAttributes.Modality], match);
        return studies.Where(s => series.Any(se => se.StudyInstanceUid == s.StudyInstanceUid));
    }

    public static IQueryable<T> Apply<T>(IQueryable<T> source, LambdaExpression column, QidoMatch match)
    {
        switch (match.Attribute.Matching)
        {
            case QidoMatching.Uid:
                var values = match.Values.ToArray();
                return source.Where(On<T, string?>(column, v => values.Contains(v!)));
            case QidoMatching.PersonName:
                var names = match.Patterns.ToArray();
                return source.Where(On<T, string?>(column, v => names.Any(p => EF.Functions.ILike(v!, p))));
            case QidoMatching.Text or QidoMatching.CodeList:
                // PostgreSQL's LIKE escapes with a backslash unless told otherwise, as ToLikePattern writes.
                var patterns = match.Patterns.ToArray();
                return source.Where(On<T, string?>(column, v => patterns.Any(p => EF.Functions.Like(v!, p))));
            case QidoMatching.Number:
                var number = match.Number;
                return source.Where(On<T, int?>(column, v => v == number));
            case QidoMatching.Date:
                var (fromDate, toDate) = (match.FromDate, match.ToDate);
                source = fromDate is null ? source : source.Where(On<T, DateOnly?>(column, v => v >= fromDate));
                return toDate is null ? source : source.Where(On<T, DateOnly?>(column, v => v <= toDate));
            case QidoMatching.Time:
                var (fromTime, toTime) = (match.FromTime, match.ToTime);
                source = fromTime is null ? source : source.Where(On<T, TimeOnly?>(column, v => v >= fromTime));
                return toTime is null ? source : source.Where(On<T, TimeOnly?>(column, v => v <= toTime));
            default:
                throw new ArgumentOutOfRangeException(nameof(match), match.Attribute.Keyword, "The attribute cannot be matched.");
        }
    }

    /// <summary><paramref name="test"/> applied to the column <paramref name="column"/> selects, as one lambda EF Core translates.</summary>
    private static Expression<Func<T, bool>> On<T, TValue>(LambdaExpression column, Expression<Func<TValue, bool>> test)
    {
        var body = column.Body.Type == typeof(TValue) ? column.Body : Expression.Convert(column.Body, typeof(TValue));
        return Expression.Lambda<Func<T, bool>>(ReplacingExpressionVisitor.Replace(test.Parameters[0], body, test.Body), column.Parameters);
    }
}
