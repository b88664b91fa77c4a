// The POP3TestServer module. See DESIGN.md §2 for what it holds and may import.
