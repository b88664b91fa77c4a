/// Receives the events of a `MIMEParser`, in document order.
///
/// Events: `messageBegan` for the top-level message and each embedded message, then for every leaf part
/// `partBegan` → `partBody`* → `partEnded`, then `messageEnded`. A file found as inline uuencode inside
/// a text part nests: its `partBegan`…`partEnded` arrive while the text part is still open (the text
/// part's body then omits the uuencoded lines). A base64 or quoted-printable `message/*` part is a leaf
/// (its body is the decoded message) and the message inside it is also reported, nested the same way:
/// its `messageBegan`…`messageEnded`, parts numbered under the leaf's path, arrive while the leaf is open.
/// Errors thrown by the handler stop the parse and
/// propagate out of `feed`/`finish`.
public protocol MIMEHandler: AnyObject {
    /// A message header was read: the top-level message (depth 0) or an embedded `message/rfc822|global`.
    func messageBegan(_ header: MessageHeader)
    /// A leaf part begins. Return true to receive its decoded body through `partBody`.
    func partBegan(_ part: MIMEPart) -> Bool
    /// A chunk of the decoded body of `part` (only for parts whose `partBegan` returned true).
    /// The buffer is valid only during the call.
    func partBody(_ part: MIMEPart, _ decoded: UnsafeRawBufferPointer) throws
    /// The part ended; `defects` holds the header defects plus those found in the body.
    func partEnded(_ part: MIMEPart, defects: [MIMEDefect]) throws
    /// A message (top-level or embedded) ended; `defects` are structural ones not tied to a leaf part
    /// (e.g. `missingFinalBoundary` while no leaf part was open). Default: ignored.
    func messageEnded(_ header: MessageHeader, defects: [MIMEDefect])
}

extension MIMEHandler {
    public func messageEnded(_ header: MessageHeader, defects: [MIMEDefect]) {}
}
