// The MailTransport module. See DESIGN.md §2 for what it holds and may import.
