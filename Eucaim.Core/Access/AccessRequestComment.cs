namespace Eucaim.Core.Access;

/// <summary>A comment on a request, from the requester's side or a reviewer's.</summary>
public sealed class AccessRequestComment
{
    public Guid Id { get; set; }

    public Guid AccessRequestId { get; set; }

    public required string AuthorSubject { get; set; }

    public string? AuthorName { get; set; }

    /// <summary><c>requester</c>, <c>committee</c>, <c>data-holder</c> or <c>admin</c>.</summary>
    public required string AuthorRole { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
