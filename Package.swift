// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "popvault",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "popvault", targets: ["popvault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        // The one escaper of untrusted text (server replies, mailbox names) for terminals, logs and the ledger.
        .target(name: "UntrustedText"),
        // POP3 grammar: commands, encoder, incremental response parser. NIOCore only.
        .target(name: "POP3Wire", dependencies: ["UntrustedText", .product(name: "NIOCore", package: "swift-nio")]),
        // IMAP grammar: commands, encoder, literal-aware response parser, modified UTF-7. NIOCore only.
        .target(name: "IMAPWire", dependencies: ["UntrustedText", .product(name: "NIOCore", package: "swift-nio")]),
        // NIO handlers, TLS, async POP3Session.
        .target(
            name: "MailTransport",
            dependencies: [
                "POP3Wire", "IMAPWire", "UntrustedText",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Scriptable loopback POP3 server for tests and `popvault demo`.
        .target(
            name: "POP3TestServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Scriptable loopback IMAP server (folders, UIDVALIDITY, hostile changes) for the engine and CLI tests.
        .target(
            name: "IMAPTestServer",
            dependencies: [
                "POP3TestServer",  // its LoopbackListener
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // System zlib.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["libz-dev"]), .brew(["zlib"])]
        ),
        // The one header-line rule (field, continuation, name end, `From ` line) MIME, MailStore and export share.
        .target(name: "HeaderSyntax"),
        // Message sinks (Maildir, mbox), readers, gzip segments. Never the network.
        .target(
            name: "MailStore",
            dependencies: ["CZlib", "HeaderSyntax", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The archive's SQLite ledger.
        .target(
            name: "Ledger",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // sqlite3_column_text: the known keys are copied from SQLite's row buffer (KeyIndex).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Streaming MIME parser, decoders, charsets, filename policy.
        .target(
            name: "MIME",
            dependencies: ["CBase64", "HeaderSyntax", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The vector base64 decoder MIME's Base64Decoder uses where the CPU has it (chosen at run time).
        .target(name: "CBase64"),
        // No core dumps (RLIMIT_CORE, PR_SET_DUMPABLE), set by the executable before it reads a secret.
        .target(name: "CProcessSafety"),
        // TOML configuration, validation, password sources.
        .target(
            name: "ArchiveConfig",
            dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // Orchestration of plan → fetch → store → commit → dispose.
        .target(
            name: "ArchiverEngine",
            dependencies: [
                "POP3Wire", "IMAPWire", "MailTransport", "MailStore", "Ledger", "ArchiveConfig", "MIME",
                "UntrustedText", "HeaderSyntax",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "popvault",
            dependencies: [
                "ArchiverEngine", "ArchiveConfig", "MailTransport", "MailStore", "Ledger", "MIME",
                "POP3TestServer", "UntrustedText", "CProcessSafety",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The fuzz executables' shared replayer and libFuzzer driver hand-over (see scripts/fuzz).
        .target(name: "FuzzSupport"),
        // libFuzzer entry point for the response parser (see scripts/fuzz).
        .executableTarget(name: "POP3WireFuzz", dependencies: ["POP3Wire", "FuzzSupport"]),
        // libFuzzer entry point for the IMAP response parser (see scripts/fuzz).
        .executableTarget(
            name: "IMAPWireFuzz",
            dependencies: ["IMAPWire", "FuzzSupport", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .executableTarget(name: "MIMEFuzz", dependencies: ["MIME", "FuzzSupport"]),
        // Throughput of the base64 decoder alone (scripts/bench-base64).
        .executableTarget(name: "Base64Bench", dependencies: ["MIME"], path: "Benchmarks/Base64Bench"),
        // Shared test fixtures: a private Dovecot on loopback, temp directories.
        .target(
            name: "TestSupport",
            dependencies: [
                "MailStore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // For the parsers' tests: fixture tables fed in every split (POP3, IMAP), a seeded generator.
        .target(name: "ParserTestSupport", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),

        .testTarget(name: "POP3WireTests", dependencies: ["POP3Wire", "ParserTestSupport"]),
        .testTarget(name: "IMAPWireTests", dependencies: ["IMAPWire", "ParserTestSupport"]),
        .testTarget(
            name: "MailTransportTests",
            dependencies: [
                "MailTransport", "POP3TestServer", "POP3Wire", "IMAPWire", "TestSupport", "UntrustedText",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "MailStoreTests", dependencies: ["MailStore", "TestSupport", "ParserTestSupport"]),
        .testTarget(
            name: "LedgerTests", dependencies: ["Ledger", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "MIMETests",
            dependencies: [
                "MIME", "TestSupport", "ParserTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "ArchiveConfigTests", dependencies: ["ArchiveConfig", "TestSupport"]),
        .testTarget(
            name: "ArchiverEngineTests",
            dependencies: [
                "ArchiverEngine", "POP3TestServer", "IMAPTestServer", "MailTransport", "TestSupport", "ParserTestSupport",
            ]
        ),
        .testTarget(
            name: "popvaultTests",
            dependencies: [
                "TestSupport", "POP3TestServer", "IMAPTestServer", "Ledger",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Golden manifests, read through #filePath by ExtractGoldenTests.
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
