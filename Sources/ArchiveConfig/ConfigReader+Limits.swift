extension ConfigReader {
    /// `password_command_timeout`: whole seconds, 1 to 3600 (``PasswordSource/commandTimeout`` when absent).
    func readPasswordCommandTimeout(_ reader: TableReader) throws -> Duration {
        let what = "a number of seconds"
        guard let seconds = try reader.int("password_command_timeout", in: 1...3_600, what: what) else {
            return PasswordSource.commandTimeout
        }
        return .seconds(seconds)
    }
}
