using Eucaim.Core.Ingest;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Ingest;

public sealed class QidoQueryTests
{
    private static IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> Query(params (string Name, string Value)[] values) =>
        values.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).Select(g => KeyValuePair.Create(g.Key, (IReadOnlyList<string>)g.Select(v => v.Value).ToList()));

    private static QidoQuery Parse(QidoLevel level, params (string Name, string Value)[] values) =>
        QidoQuery.Parse(level, null, null, Query(values)).Value!;

    private static Problem Refused(QidoLevel level, params (string Name, string Value)[] values) =>
        QidoQuery.Parse(level, null, null, Query(values)).Problem!;

    [Fact]
    public void Keys_are_read_by_keyword_or_tag_and_the_path_narrows_as_well()
    {
        var q = QidoQuery.Parse(QidoLevel.Series, "1.2.3", null, Query(("StudyInstanceUID", "9.9"), ("0020000E", "4.5"), ("00100020", "P1"))).Value!;

        Assert.Equal(
            [("StudyInstanceUID", "9.9"), ("SeriesInstanceUID", "4.5"), ("PatientID", "P1"), ("StudyInstanceUID", "1.2.3")],
            q.Matches.Select(m => (m.Attribute.Keyword, m.Value)));
        Assert.Equal((QidoQuery.DefaultLimit, 0), (q.Limit, q.Offset));
    }

    [Theory]
    [InlineData("StudyDate", QidoLevel.Study)]
    [InlineData("StudyTime", QidoLevel.Study)]
    [InlineData("AccessionNumber", QidoLevel.Study)]
    [InlineData("ModalitiesInStudy", QidoLevel.Study)]
    [InlineData("ReferringPhysicianName", QidoLevel.Study)]
    [InlineData("PatientName", QidoLevel.Study)]
    [InlineData("PatientID", QidoLevel.Study)]
    [InlineData("StudyInstanceUID", QidoLevel.Study)]
    [InlineData("StudyID", QidoLevel.Study)]
    [InlineData("Modality", QidoLevel.Series)]
    [InlineData("SeriesInstanceUID", QidoLevel.Series)]
    [InlineData("SeriesNumber", QidoLevel.Series)]
    [InlineData("PerformedProcedureStepStartDate", QidoLevel.Series)]
    [InlineData("PerformedProcedureStepStartTime", QidoLevel.Series)]
    [InlineData("SOPClassUID", QidoLevel.Instance)]
    [InlineData("SOPInstanceUID", QidoLevel.Instance)]
    [InlineData("InstanceNumber", QidoLevel.Instance)]
    public void Every_required_matching_key_of_PS3_18_table_10_6_1_5_is_matchable_and_returned_by_default(string keyword, QidoLevel level)
    {
        var attribute = QidoAttributes.Find(keyword)!;

        Assert.NotEqual(QidoMatching.None, attribute.Matching);
        Assert.Equal(level, (QidoLevel)(int)attribute.Entity);
        Assert.Same(attribute, QidoAttributes.Find(attribute.Tag));
        Assert.Contains(attribute, Parse(level).Returned);
    }

    [Fact]
    public void An_unknown_parameter_is_refused_naming_it()
    {
        var problem = Refused(QidoLevel.Study, ("PatientNmae", "X"));

        Assert.Equal((ProblemKind.Invalid, "The query is not valid."), (problem.Kind, problem.Title));
        Assert.Equal(["PatientNmae"], problem.Errors!.Keys);
        Assert.Equal("'PatientNmae' is not a QIDO-RS parameter (includefield, limit, offset, fuzzymatching) nor a DICOM keyword or tag.", problem.Detail);
    }

    [Theory]
    [InlineData("PatientWeight", "PatientWeight (00101030) is not a matching key: the DICOM index does not keep it.")]
    [InlineData("00101030", "PatientWeight (00101030) is not a matching key: the DICOM index does not keep it.")]
    [InlineData("NumberOfFrames", "NumberOfFrames (00280008) is returned but cannot be matched; ask for it with includefield=NumberOfFrames.")]
    public void A_DICOM_attribute_the_index_cannot_match_is_refused_saying_why(string name, string start)
    {
        Assert.StartsWith(start, Refused(QidoLevel.Instance, (name, "1")).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_is_refused()
    {
        Assert.Equal("PatientID is given more than once (as PatientID and 00100020); give it once (UIDs and codes take a comma-separated list).",
            Refused(QidoLevel.Study, ("PatientID", "A"), ("00100020", "B")).Detail);
        Assert.Equal("PatientID is given 2 times; give it once (UIDs and codes take a comma-separated list).",
            Refused(QidoLevel.Study, ("PatientID", "A"), ("PatientID", "B")).Detail);
    }

    [Fact]
    public void An_empty_value_is_universal_matching_and_returns_the_attribute()
    {
        var q = Parse(QidoLevel.Instance, ("PatientName", ""), ("AccessionNumber", "*"), ("InstanceNumber", "3"), ("PatientID", "*1"));

        Assert.Equal(["InstanceNumber", "PatientID"], q.Matches.Select(m => m.Attribute.Keyword));
        Assert.Contains(QidoAttributes.PatientName, q.Returned);
        Assert.Contains(QidoAttributes.AccessionNumber, q.Returned);
    }

    [Theory]
    [InlineData("10", 10, null)]
    [InlineData("1000", 1000, null)]
    [InlineData("1001", 1000, "limit 1001 is above the maximum of 1000: at most 1000 results are returned.")]
    [InlineData("99999999999", 1000, "limit 99999999999 is above the maximum of 1000: at most 1000 results are returned.")]
    public void A_limit_above_the_maximum_is_clamped_with_a_warning(string limit, int expected, string? warning)
    {
        var q = Parse(QidoLevel.Study, ("limit", limit));

        Assert.Equal(expected, q.Limit);
        Assert.Equal(warning is null ? [] : [warning], q.Warnings);
    }

    [Theory]
    [InlineData("limit", "0", "limit must be a whole number of at least 1; got '0'.")]
    [InlineData("limit", "ten", "limit must be a whole number of at least 1; got 'ten'.")]
    [InlineData("limit", "-5", "limit must be a whole number of at least 1; got '-5'.")]
    [InlineData("offset", "-1", "offset must be a whole number of at least 0; got '-1'.")]
    [InlineData("offset", "99999999999", "offset must be at most 2147483647; got 99999999999.")]
    [InlineData("fuzzymatching", "maybe", "fuzzymatching must be true or false; got 'maybe'.")]
    public void Bad_paging_and_flags_are_refused_saying_what_is_expected(string name, string value, string detail)
    {
        var problem = Refused(QidoLevel.Study, (name, value));

        Assert.Equal((detail, name), (problem.Detail, Assert.Single(problem.Errors!.Keys)));
    }

    [Fact]
    public void A_repeated_limit_is_refused_as_repeated()
    {
        Assert.Equal("limit is given 2 times; give it once.", Refused(QidoLevel.Study, ("limit", "10"), ("limit", "20")).Detail);
    }

    [Fact]
    public void Fuzzy_matching_is_not_supported_and_says_so()
    {
        Assert.Equal(["fuzzymatching is not supported: person names were matched literally, ignoring case, with wildcards as given."],
            Parse(QidoLevel.Study, ("fuzzymatching", "true")).Warnings);
        Assert.Empty(Parse(QidoLevel.Study, ("fuzzymatching", "false")).Warnings);
    }

    [Fact]
    public void Includefield_takes_keywords_tags_and_all()
    {
        var q = Parse(QidoLevel.Series, ("includefield", "00081030,PatientName"));
        Assert.Contains(QidoAttributes.StudyDescription, q.Returned);
        Assert.Contains(QidoAttributes.PatientName, q.Returned);

        var all = Parse(QidoLevel.Instance, ("includefield", "all"));
        Assert.Equal(QidoAttributes.All.OrderBy(a => a.Tag, StringComparer.Ordinal), all.Returned);
    }

    [Fact]
    public void The_defaults_follow_the_scope_of_the_search()
    {
        var studies = QidoQuery.Parse(QidoLevel.Series, "1.2", null, []).Value!.Returned;
        var all = QidoQuery.Parse(QidoLevel.Series, null, null, []).Value!.Returned;

        Assert.DoesNotContain(QidoAttributes.PatientName, studies);
        Assert.Contains(QidoAttributes.StudyInstanceUid, studies);
        Assert.Contains(QidoAttributes.PatientName, all);
        Assert.DoesNotContain(QidoAttributes.SopInstanceUid, all);
        Assert.Equal(all.OrderBy(a => a.Tag, StringComparer.Ordinal), all);
    }

    [Fact]
    public void Includefield_warns_about_what_it_cannot_return_and_refuses_what_is_no_attribute()
    {
        Assert.Equal(
            ["includefield PatientWeight (00101030) is not kept in the DICOM index and is not returned; WADO-RS returns whole instances.",
             "includefield SOPClassUID (00080016) is an attribute of each instance; a study search does not return it."],
            Parse(QidoLevel.Study, ("includefield", "PatientWeight"), ("includefield", "SOPClassUID")).Warnings);
        Assert.Equal("includefield 'Nonsense' is neither a DICOM keyword, a tag (GGGGEEEE) nor 'all'.", Refused(QidoLevel.Study, ("includefield", "Nonsense")).Detail);
    }
}
