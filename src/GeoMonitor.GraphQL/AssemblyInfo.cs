// The GraphQL engine lives in this assembly; see README.md of the repository.
[assembly: System.CLSCompliant(false)]
