export declare const sharedTestOptions: {
  reporters: string[];
  outputFile: { json: string };
};
