extension ConfigReader {
    /// `password_command_timeout`: whole seconds, 1 to 3600 (``PasswordSource/commandTimeout`` when absent).
    func readPasswordCommandTimeout(_ reader: TableReader) throws -> Duration {
        let what = "a number of seconds"
        guard let seconds = try reader.int("password_command_timeout", in: 1...3_600, what: what) else {
            return PasswordSource.commandTimeout
        }
        return .seconds(seconds)
    }

    /// `min_transfer_rate` (bytes per second, 0 for no floor) and `transfer_rate_window` (whole seconds).
    func readTransferRate(_ reader: TableReader) throws -> AccountConfig.TransferRate {
        AccountConfig.TransferRate(
            bytesPerSecond: try reader.int("min_transfer_rate", in: 0...1_000_000_000, what: "bytes per second"),
            windowSeconds: try reader.int("transfer_rate_window", in: 1...3_600, what: "a number of seconds"))
    }
}
