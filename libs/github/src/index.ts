/** GitHub for Orphelix: OAuth, repositories, files and pull requests, and finding a live object's manifest. */
export {};
