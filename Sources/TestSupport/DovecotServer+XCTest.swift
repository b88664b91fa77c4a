#if canImport(XCTest)
    import XCTest

    extension DovecotServer {
        /// Starts Dovecot, or skips the calling test when it is not installed — unless
        /// `POPVAULT_REQUIRE_DOVECOT=1`, in which case a missing Dovecot fails the test.
        public static func startOrSkip(users: [String: String] = ["alice": "alicepass"]) throws -> DovecotServer {
            if let reason = unavailableReason {
                if isRequired {
                    XCTFail("POPVAULT_REQUIRE_DOVECOT=1 but \(reason)")
                    throw DovecotUnavailable(reason: reason)
                }
                throw XCTSkip(reason)
            }
            return try DovecotServer(users: users)
        }
    }
#endif

#if canImport(XCTest)
    extension MailutilsServer {
        /// Starts GNU Mailutils, or skips the calling test when it is not installed — unless
        /// `POPVAULT_REQUIRE_DOVECOT=1` (CI's switch for every real server), in which case a missing
        /// Mailutils fails the test.
        public static func startOrSkip(users: [String: String] = ["alice": "alicepass"]) throws -> MailutilsServer {
            if let reason = unavailableReason {
                if DovecotServer.isRequired {
                    XCTFail("POPVAULT_REQUIRE_DOVECOT=1 but \(reason)")
                    throw DovecotUnavailable(reason: reason)
                }
                throw XCTSkip(reason)
            }
            return try MailutilsServer(users: users)
        }
    }
#endif
