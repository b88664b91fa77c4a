import ArchiveConfig
import MailTransport

extension AccountSelection {
    /// The session time limits of an account: the transport's defaults, with the transfer rate floor the
    /// account sets (`min_transfer_rate = 0` turns it off).
    static func timeouts(for account: AccountConfig) -> POP3Configuration.Timeouts {
        var timeouts = POP3Configuration.Timeouts()
        timeouts.transferRate = TransferRateLimit.configured(
            bytesPerSecond: account.transferRate.bytesPerSecond, windowSeconds: account.transferRate.windowSeconds)
        return timeouts
    }
}
