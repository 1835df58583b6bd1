package hypercolumn.processor.model;

/**
 * What the checker needs to know about the annotated class and its surroundings, read by the
 * parser so the rules never touch javac.
 *
 * @param innerClass a nested class that is not static, so it cannot be instantiated alone
 * @param localClass a local or anonymous class, which no other class can extend
 * @param accessibleNoArgConstructor a constructor without parameters that is not private
 * @param generatedNameIsIdentifier whether the generated class name is a legal Java identifier
 * @param generatedNameTaken whether a type of that name already exists in the package
 * @param generatedNameHidesLibraryType whether the name is that of a type in package {@code
 *     hypercolumn}, which the generated class would hide from the package's sources
 */
public record ClassFacts(
    boolean isAbstract,
    boolean isFinal,
    boolean isPrivate,
    boolean isPublic,
    boolean innerClass,
    boolean localClass,
    boolean accessibleNoArgConstructor,
    boolean generatedNameIsIdentifier,
    boolean generatedNameTaken,
    boolean generatedNameHidesLibraryType) {}
