console.log("vocab placeholder")
