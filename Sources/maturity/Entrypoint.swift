import MaturityCLI

@main
enum Entrypoint {
    static func main() async {
        await MaturityCommand.main()
    }
}
